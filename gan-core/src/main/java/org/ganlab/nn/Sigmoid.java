package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** Elementwise activation: the logistic function. */
public final class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
