package org.ganlab.experiments.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.RmsProp;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.Tensor;

/**
 * How to build one network's optimiser, with every setting resolved (PyTorch's defaults where none
 * was given), so that what ran can be recorded. Tricks may change it (weight decay on D).
 *
 * @param beta1 Adam's β1, or SGD's momentum; NaN for RMSprop
 * @param beta2 Adam's β2, or RMSprop's smoothing constant α; NaN for SGD
 * @param eps added to the denominator (Adam, RMSprop)
 * @param decoupled weight decay applied to the weights directly (AdamW) rather than as an L2 term in
 *     the gradient; for plain SGD the two are the same update
 */
public record OptimizerSpec(OptimizerKind kind, double lr, double beta1, double beta2, double eps, double weightDecay,
        boolean decoupled) {

    public static final double EPS = 1e-8;

    /** The kind with its PyTorch defaults: no decay (AdamW: decoupled 0.01), betas (0.9, 0.999), RMSprop α 0.99. */
    public static OptimizerSpec of(OptimizerKind kind, double lr) {
        return of(kind, lr, null, null);
    }

    /**
     * @param beta1 {@code --beta1}, or null for the default
     * @param beta2 {@code --beta2}, or null for the default
     */
    public static OptimizerSpec of(OptimizerKind kind, double lr, Double beta1, Double beta2) {
        return switch (kind) {
            case SGD -> {
                if (beta2 != null) {
                    throw new IllegalArgumentException("--beta2 does not apply to --optimizer sgd (--beta1 is its momentum)");
                }
                yield new OptimizerSpec(kind, lr, fraction("--beta1", beta1, 0), Double.NaN, 0, 0, false);
            }
            case ADAM, ADAMW -> new OptimizerSpec(kind, lr, fraction("--beta1", beta1, 0.9), fraction("--beta2", beta2, 0.999),
                    EPS, kind == OptimizerKind.ADAMW ? 0.01 : 0, kind == OptimizerKind.ADAMW);
            case RMSPROP -> {
                if (beta1 != null) {
                    throw new IllegalArgumentException("--beta1 does not apply to --optimizer rmsprop (--beta2 is its "
                            + "smoothing constant alpha)");
                }
                yield new OptimizerSpec(kind, lr, Double.NaN, fraction("--beta2", beta2, 0.99), EPS, 0, false);
            }
        };
    }

    private static double fraction(String flag, Double value, double otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(flag + " must be a number in [0, 1), got " + value);
        }
        return value;
    }

    public OptimizerSpec withWeightDecay(double value, boolean decoupledDecay) {
        if (decoupledDecay && (kind == OptimizerKind.RMSPROP || (kind == OptimizerKind.SGD && beta1 != 0))) {
            throw new IllegalArgumentException("decoupled weight decay needs --optimizer adam, adamw or sgd without "
                    + "momentum, not " + kind.cliName() + (kind == OptimizerKind.SGD ? " with momentum " + beta1 : ""));
        }
        return new OptimizerSpec(kind, lr, beta1, beta2, eps, value, decoupledDecay);
    }

    public Optimizer create(List<Tensor> params) {
        return switch (kind) {
            case SGD -> new Sgd(params, lr, beta1, weightDecay);
            case ADAM, ADAMW -> decoupled
                    ? new AdamW(params, lr, beta1, beta2, eps, weightDecay)
                    : new Adam(params, lr, beta1, beta2, eps, weightDecay);
            case RMSPROP -> new RmsProp(params, lr, beta2, eps, weightDecay);
        };
    }

    /** Every setting the optimiser runs with, under PyTorch's names, for params.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", kind.cliName());
        m.put("lr", lr);
        switch (kind) {
            case SGD -> m.put("momentum", beta1);
            case ADAM, ADAMW -> {
                m.put("betas", List.of(beta1, beta2));
                m.put("eps", eps);
            }
            case RMSPROP -> {
                m.put("alpha", beta2);
                m.put("eps", eps);
            }
        }
        m.put("weight_decay", weightDecay);
        if (kind != OptimizerKind.RMSPROP) {
            m.put("decoupled_weight_decay", decoupled);
        }
        return m;
    }
}
