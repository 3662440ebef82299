package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** Elementwise activation: max(x, 0). */
public final class ReLU extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
