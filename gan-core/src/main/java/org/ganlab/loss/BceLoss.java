package org.ganlab.loss;

import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.Tensor;

/**
 * Binary cross-entropy on probabilities, as torch's {@code binary_cross_entropy}: each log is
 * clamped at -100 so a saturated prediction gives a large finite loss, and the gradient is
 * PyTorch's {@code (p - t) / max(p (1 - p), 1e-12)}, finite even at p = 0 or 1.
 */
public final class BceLoss implements Loss {

    static final float LOG_FLOOR = -100f;
    static final float EPSILON = 1e-12f;

    @Override
    public String name() {
        return "bce";
    }

    @Override
    public Tensor elementwise(Tensor p, Tensor t) {
        Tensor value;
        try (var noGrad = GradMode.noGrad()) {
            Tensor logP = p.log().clamp(LOG_FLOOR, Float.POSITIVE_INFINITY);
            Tensor log1mP = p.rsub(1f).log().clamp(LOG_FLOOR, Float.POSITIVE_INFINITY);
            value = t.mul(logP).add(t.rsub(1f).mul(log1mP)).neg();
        }
        return Tensor.function("bce", value,
                g -> new Tensor[] {g.mul(p.sub(t)).div(p.mul(p.rsub(1f)).clamp(EPSILON, Float.POSITIVE_INFINITY))}, p);
    }
}
