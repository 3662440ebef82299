package org.ganlab.loss;

import org.ganlab.tensor.Tensor;

/** Mean squared error, {@code (p - t)^2}. */
public final class MseLoss implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Tensor elementwise(Tensor prediction, Tensor target) {
        Tensor diff = prediction.sub(target);
        return diff.mul(diff);
    }
}
