package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;

/** Weight decay on D only: as an L2 term in D's gradient, or decoupled (AdamW-style). */
public final class WeightDecay implements Trick {

    private final double value;
    private final boolean decoupled;

    public WeightDecay(double value, boolean decoupled) {
        this.value = value;
        this.decoupled = decoupled;
    }

    @Override
    public String name() {
        return "weight-decay";
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
        return Map.of("value", value, "mode", decoupled ? "decoupled" : "l2");
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        try {
            plan.dOptimizer(plan.dOptimizer().withWeightDecay(value, decoupled));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--trick weight-decay: " + e.getMessage(), e);
        }
    }

    /** {@code weight-decay:value=0.1,mode=l2}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "weight-decay";
        }

        @Override
        public String description() {
            return "weight decay on D's parameters (mode l2 or decoupled)";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("value", "0.1");
            d.put("mode", "l2");
            return d;
        }

        @Override
        public Trick create(Options o) {
            return new WeightDecay(o.number("value", 0, 1e3), o.choice("mode", Set.of("l2", "decoupled")).equals("decoupled"));
        }
    }
}
