package org.ganlab.loss;

import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.Tensor;

/**
 * Binary cross-entropy on logits x, in the stable form {@code max(x, 0) - x t + log(1 + exp(-|x|))},
 * with gradient {@code sigmoid(x) - t}.
 */
public final class BceWithLogitsLoss implements Loss {

    @Override
    public String name() {
        return "bce_logits";
    }

    @Override
    public Tensor elementwise(Tensor x, Tensor t) {
        Tensor value;
        try (var noGrad = GradMode.noGrad()) {
            value = x.relu().sub(x.mul(t)).add(x.abs().neg().exp().add(1f).log());
        }
        return Tensor.function("bce_logits", value, g -> new Tensor[] {g.mul(x.sigmoid().sub(t))}, x);
    }
}
