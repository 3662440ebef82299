package org.ganlab.experiments.training;

import java.util.List;
import org.ganlab.experiments.OptimizerKind;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.Tensor;

/**
 * How to build one network's optimiser; tricks may change it (weight decay on D).
 *
 * @param decoupled weight decay applied to the weights directly (AdamW) rather than as an L2 term in
 *     the gradient. For plain SGD without momentum the two are the same update.
 */
public record OptimizerSpec(OptimizerKind kind, double lr, double weightDecay, boolean decoupled) {

    /** The kind's PyTorch defaults: AdamW decays by 0.01, the others not at all. */
    public static OptimizerSpec of(OptimizerKind kind, double lr) {
        return kind == OptimizerKind.ADAMW ? new OptimizerSpec(kind, lr, 0.01, true) : new OptimizerSpec(kind, lr, 0, false);
    }

    public OptimizerSpec withWeightDecay(double value, boolean decoupledDecay) {
        return new OptimizerSpec(kind, lr, value, decoupledDecay);
    }

    public Optimizer create(List<Tensor> params) {
        return switch (kind) {
            case SGD -> new Sgd(params, lr, 0, weightDecay);
            case ADAM, ADAMW -> decoupled
                    ? new AdamW(params, lr, 0.9, 0.999, 1e-8, weightDecay)
                    : new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay);
        };
    }
}
