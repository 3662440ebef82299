package org.ganlab.experiments.tricks;

import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.tensor.Tensor;

/**
 * Mescheder, Geiger and Nowozin's zero-centred gradient penalties ("Which training methods for GANs
 * do actually converge?", 2018): γ/2 · E‖∇ₓ D(x)‖² on real data (R1) or on G's samples (R2), added
 * to D's loss. They make the Dirac-GAN converge where unregularised GANs cycle.
 */
public final class ZeroCenteredPenalty implements Trick {

    private final boolean onReal;
    private final double gamma;

    ZeroCenteredPenalty(boolean onReal, double gamma) {
        this.onReal = onReal;
        this.gamma = gamma;
    }

    @Override
    public String name() {
        return name(onReal);
    }

    @Override
    public boolean replayable() {
        return true;
    }

    private static String name(boolean onReal) {
        return onReal ? "r1" : "r2";
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("gamma", gamma);
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        plan.needInputGradients();
        plan.penaliseInputGradients();
    }

    @Override
    public Tensor penalty(DiscriminatorPass pass) {
        if (onReal) {
            return pass.realInput() == null ? null : halfGamma(InputGradients.squaredNorms(pass.realOutput(), pass.realInput()).mean());
        }
        Tensor mean = pass.meanOverFakes((input, output) -> InputGradients.squaredNorms(output, input).mean());
        return mean == null ? null : halfGamma(mean);
    }

    private Tensor halfGamma(Tensor meanSquaredNorm) {
        return meanSquaredNorm.mul((float) (gamma / 2));
    }

    /** One factory for both penalties; ServiceLoader needs a class with a no-argument constructor for each. */
    private abstract static class Factory implements TrickFactory {
        private final boolean onReal;
        private final String description;

        Factory(boolean onReal, String description) {
            this.onReal = onReal;
            this.description = description;
        }

        @Override
        public String name() {
            return ZeroCenteredPenalty.name(onReal);
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("gamma", "10");
        }

        @Override
        public Trick create(Options o) {
            return new ZeroCenteredPenalty(onReal, o.number("gamma", 0, 1e6));
        }
    }

    /** {@code r1:gamma=10}. */
    public static final class R1 extends Factory {
        public R1() {
            super(true, "R1: gamma/2 E|grad_x D(x)|^2 on real data, added to D's loss (Mescheder et al. 2018)");
        }
    }

    /** {@code r2:gamma=10}. */
    public static final class R2 extends Factory {
        public R2() {
            super(false, "R2: gamma/2 E|grad_x D(x)|^2 on G's samples, added to D's loss (Mescheder et al. 2018)");
        }
    }
}
