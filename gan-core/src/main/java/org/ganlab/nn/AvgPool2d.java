package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** PyTorch's {@code AvgPool2d(k)}: the mean of each k×k window. */
public final class AvgPool2d extends Pool2d {

    public AvgPool2d(int k) {
        super(k);
    }

    @Override
    Tensor reduce(Tensor windows, int[] windowAxes) {
        return windows.mean(windowAxes, false);
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + window() + ")";
    }
}
