package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.Tensor;

/**
 * During D's step, G's parameters are perturbed by N(0, σ²) {@code inner} times (an inner batch);
 * D's losses on the noisy generators' fakes are averaged into one D step. G's parameters are
 * restored exactly afterwards, so G only ever trains from its own weights.
 */
public final class WeightNoise implements Trick {

    private final float sigma;
    private final int inner;

    public WeightNoise(float sigma, int inner) {
        this.sigma = sigma;
        this.inner = inner;
    }

    @Override
    public String name() {
        return "weight-noise";
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("sigma", sigma, "inner", inner);
    }

    @Override
    public Tensor fakeLoss(FakeLossStep step, FakeLoss next) {
        List<Tensor> params = step.generator().parameters();
        List<Tensor> originals = params.stream().map(Tensor::detach).toList();
        Tensor total = null;
        try {
            for (int k = 0; k < inner; k++) {
                try (var noGrad = GradMode.noGrad()) {
                    for (int i = 0; i < params.size(); i++) {
                        Tensor p = originals.get(i);
                        params.get(i).assign(p.add(Tensor.normal(step.rng(), 0f, sigma, p.shape())));
                    }
                }
                Tensor loss = next.compute(step);
                total = total == null ? loss : total.add(loss);
            }
        } finally {
            try (var noGrad = GradMode.noGrad()) {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).assign(originals.get(i));
                }
            }
        }
        return total.div(inner);
    }

    /** {@code weight-noise:sigma=1.5,inner=4}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "weight-noise";
        }

        @Override
        public String description() {
            return "D trains on fakes of K noisy copies of G (N(0, sigma^2) on G's weights), averaged";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("sigma", "1.5");
            d.put("inner", "4");
            return d;
        }

        @Override
        public Trick create(TrickOptions o) {
            return new WeightNoise((float) o.number("sigma", 0, 1e6), o.positiveInt("inner"));
        }
    }
}
