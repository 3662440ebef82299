package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;

/** Weights D's loss on real and fake examples differently, scaling each part of D's gradient. */
public final class ExampleWeighting implements Trick {

    private final float real;
    private final float fake;

    public ExampleWeighting(float real, float fake) {
        this.real = real;
        this.fake = fake;
    }

    @Override
    public String name() {
        return "example-weighting";
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
        return Map.of("real", real, "fake", fake);
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        StepPlan.LossWeights w = plan.weights();
        plan.weights(new StepPlan.LossWeights(w.real() * real, w.fake() * fake));
    }

    /** {@code example-weighting:real=1,fake=0.5}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "example-weighting";
        }

        @Override
        public String description() {
            return "multiplies D's loss on real and on fake examples";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("real", "1");
            d.put("fake", "0.5");
            return d;
        }

        @Override
        public Trick create(Options o) {
            return new ExampleWeighting((float) o.number("real", 0, 1e6), (float) o.number("fake", 0, 1e6));
        }
    }
}
