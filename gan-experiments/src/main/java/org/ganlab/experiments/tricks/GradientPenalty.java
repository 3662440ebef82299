package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * WGAN-GP (Gulrajani et al. 2017): λ · E(‖∇ D(x̂)‖ − target)² on random interpolates
 * x̂ = ε·x + (1 − ε)·G(z), ε ~ U(0, 1) per example, added to D's loss; it keeps the critic near
 * 1-Lipschitz without clipping its weights.
 */
public final class GradientPenalty implements Trick {

    private final double lambda;
    private final double target;
    private Draws draws;

    GradientPenalty(double lambda, double target) {
        this.lambda = lambda;
        this.target = target;
    }

    @Override
    public String name() {
        return "gradient-penalty";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("lambda", lambda, "target", target);
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        if (plan.dUpdate() == DiscriminatorUpdate.SEPARATE) {
            throw new IllegalArgumentException("--trick gradient-penalty interpolates real and fake examples, but this "
                    + "experiment updates D on them in separate steps");
        }
        plan.penaliseInputGradients();
    }

    @Override
    public void attach(Module d, Module g, Draws draws) {
        this.draws = draws;
    }

    @Override
    public Tensor penalty(DiscriminatorPass pass) {
        if (pass.realInput() == null || pass.fakeInputs().isEmpty()) {
            return null;
        }
        Tensor real = pass.realInput().detach();
        return pass.meanOverFakes((fakeInput, fakeOutput) -> {
            Tensor fake = fakeInput.detach();
            int[] perExample = real.shape();
            for (int i = 1; i < perExample.length; i++) {
                perExample[i] = 1;
            }
            Tensor eps = draws.uniform("interpolation", 0f, 1f, perExample);
            Tensor mixed = real.mul(eps).add(fake.mul(eps.rsub(1f))).requiresGrad(true);
            Tensor norms = InputGradients.squaredNorms(pass.d().forward(mixed), mixed).sqrt();
            Tensor deviation = norms.sub((float) target);
            return deviation.mul(deviation).mean();
        }).mul((float) lambda);
    }

    /** {@code gradient-penalty:lambda=10,target=1}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "gradient-penalty";
        }

        @Override
        public String description() {
            return "WGAN-GP: lambda E(|grad D(x^)| - target)^2 on interpolates of real and fake (Gulrajani et al. 2017)";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("lambda", "10");
            d.put("target", "1");
            return d;
        }

        @Override
        public Trick create(Options o) {
            return new GradientPenalty(o.number("lambda", 0, 1e6), o.number("target", 0, 1e6));
        }
    }
}
