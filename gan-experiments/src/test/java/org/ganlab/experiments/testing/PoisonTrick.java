package org.ganlab.experiments.testing;

import java.util.List;
import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.tricks.TrickFactory;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * A trick from the test classpath (registered in test resources, as a plug-in jar would be) that
 * makes D's fakes NaN after {@code after} steps: a controlled divergence.
 */
public final class PoisonTrick implements Trick {

    private final int after;
    private int calls;

    PoisonTrick(int after) {
        this.after = after;
    }

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("after", after);
    }

    @Override
    public List<Tensor> fakes(Module g, Tensor latent, Fakes next) {
        List<Tensor> fakes = next.generate(g, latent);
        return ++calls > after ? fakes.stream().map(f -> f.mul(Float.NaN)).toList() : fakes;
    }

    /** {@code poison:after=N}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "poison";
        }

        @Override
        public String description() {
            return "test only: D's fakes become NaN after N steps";
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("after", "5");
        }

        @Override
        public Trick create(Options options) {
            return new PoisonTrick(options.positiveInt("after"));
        }
    }
}
