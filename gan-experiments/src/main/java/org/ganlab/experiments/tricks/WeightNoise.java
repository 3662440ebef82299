package org.ganlab.experiments.tricks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * During D's step, G's parameters are perturbed by N(0, σ²) {@code inner} times (an inner batch);
 * D trains on the fakes of all the noisy generators, its fake loss their mean, in one D step. G's
 * parameters are restored exactly afterwards, so G only ever trains from its own weights.
 */
public final class WeightNoise implements Trick {

    private final float sigma;
    private final int inner;
    private Draws draws;

    public WeightNoise(float sigma, int inner) {
        this.sigma = sigma;
        this.inner = inner;
    }

    @Override
    public String name() {
        return "weight-noise";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("sigma", sigma, "inner", inner);
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        if (plan.order() == Order.SIMULTANEOUS) {
            throw new IllegalArgumentException("--trick weight-noise needs --order alternating: in simultaneous order "
                    + "D and G share one batch of G's samples, so D cannot see noisy copies of G");
        }
    }

    @Override
    public void attach(Module d, Module g, Draws draws) {
        this.draws = draws;
    }

    /** The noisy copies' fakes; G's own weights are put back bit for bit, whatever happens. */
    @Override
    public List<Tensor> fakes(Module g, Tensor latent, Fakes next) {
        List<Tensor> params = g.parameters();
        List<Tensor> originals = Weights.values(params);
        List<Tensor> fakes = new ArrayList<>();
        try {
            for (int k = 0; k < inner; k++) {
                List<Tensor> noisy = new ArrayList<>();
                try (var noGrad = GradMode.noGrad()) {
                    for (Tensor p : originals) {
                        noisy.add(p.add(draws.normal("weight_noise", sigma, p.shape())));
                    }
                }
                Weights.assign(params, noisy);
                fakes.addAll(next.generate(g, latent));
            }
        } finally {
            Weights.assign(params, originals);
        }
        return fakes;
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
        public Trick create(Options o) {
            return new WeightNoise((float) o.number("sigma", 0, 1e6), o.wholeNumber("inner", 1, 1000));
        }
    }
}
