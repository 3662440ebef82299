package org.ganlab.examples.drift;

import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.tricks.TrickFactory;
import org.ganlab.tensor.Tensor;

/**
 * The progressive GAN's drift penalty (Karras et al. 2018): ε·E[D(x)²] on real data, added to D's
 * loss, keeps a Wasserstein critic's outputs from drifting far from zero. A whole trick in one
 * class: it overrides one hook of the training step, {@link Trick#penalty}.
 */
public final class DriftPenalty implements Trick {

    private final double epsilon;

    DriftPenalty(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "drift-penalty";
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("epsilon", epsilon);
    }

    @Override
    public Tensor penalty(DiscriminatorPass pass) {
        if (pass.realOutput() == null) {
            return null; // a D step's fake-only part, in experiments that update D on real and fake separately
        }
        Tensor d = pass.realOutput();
        return d.mul(d).mean().mul((float) epsilon);
    }

    /** {@code drift-penalty:epsilon=0.001}; found by ServiceLoader through META-INF/services. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "drift-penalty";
        }

        @Override
        public String description() {
            return "epsilon E[D(x)^2] on real data, added to D's loss (Karras et al. 2018); example plug-in";
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("epsilon", "0.001");
        }

        @Override
        public Trick create(Options o) {
            return new DriftPenalty(o.number("epsilon", 0, 1e6));
        }
    }
}
