package org.ganlab.experiments.tricks;

import java.util.Map;
import org.ganlab.experiments.training.OptimizerSpec;
import org.ganlab.tensor.Tensor;

/**
 * A stabilisation trick: hooks into named points of the GAN training loop. Each hook gets what the
 * loop would use and returns what it should use instead; the defaults change nothing, so a trick
 * overrides only its own hook and tricks compose in the order given.
 */
public interface Trick {

    String name();

    /** The settings it applies, recorded in {@code params.json}. */
    Map<String, Object> settings();

    /** D's targets for real and fake examples. */
    default Targets targets(Targets targets) {
        return targets;
    }

    /** Multipliers of D's mean losses on real and fake examples. */
    default LossWeights weights(LossWeights weights) {
        return weights;
    }

    /** How D's optimiser is built. */
    default OptimizerSpec discriminatorOptimizer(OptimizerSpec spec) {
        return spec;
    }

    /** D's loss on fake examples: call {@code next} to compute it as the loop (and later tricks) would. */
    default Tensor fakeLoss(FakeLossStep step, FakeLoss next) {
        return next.compute(step);
    }

    /** D's targets. */
    record Targets(float real, float fake) {
    }

    /** Multipliers of D's real and fake losses. */
    record LossWeights(float real, float fake) {
    }
}
