package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;

/** Label easing: D's real target becomes 1 − ε and its fake target ε (only the real one if one-sided). */
public final class LabelSmoothing implements Trick {

    private final float eps;
    private final boolean oneSided;

    public LabelSmoothing(float eps, boolean oneSided) {
        this.eps = eps;
        this.oneSided = oneSided;
    }

    @Override
    public String name() {
        return "label-smoothing";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public boolean keepsDiscriminatorStep() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("eps", eps, "one-sided", oneSided);
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        if (!plan.loss().hasTargets()) {
            throw new IllegalArgumentException("--trick label-smoothing needs a loss whose D fits targets (mse, bce, "
                    + "minimax, non-saturating), not --loss " + plan.lossName());
        }
        StepPlan.Targets t = plan.targets();
        plan.targets(new StepPlan.Targets(t.real() - eps, oneSided ? t.fake() : t.fake() + eps));
    }

    /** {@code label-smoothing:eps=0.1,one-sided=false}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "label-smoothing";
        }

        @Override
        public String description() {
            return "D's targets 1-eps for real and eps for fake (one-sided: real only)";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("eps", "0.1");
            d.put("one-sided", "false");
            return d;
        }

        @Override
        public Trick create(Options o) {
            return new LabelSmoothing((float) o.number("eps", 0, 0.5), o.bool("one-sided"));
        }
    }
}
