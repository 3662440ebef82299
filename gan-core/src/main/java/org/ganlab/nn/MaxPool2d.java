package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** PyTorch's {@code MaxPool2d(k)}: the largest value of each k×k window. */
public final class MaxPool2d extends Pool2d {

    public MaxPool2d(int k) {
        super(k);
    }

    @Override
    Tensor reduce(Tensor windows, int[] windowAxes) {
        return windows.amax(windowAxes, false);
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + window() + ")";
    }
}
