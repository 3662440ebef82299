package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** Elementwise activation: hyperbolic tangent. */
public final class Tanh extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
