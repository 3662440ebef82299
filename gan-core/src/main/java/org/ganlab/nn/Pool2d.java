package org.ganlab.nn;

import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/**
 * Non-overlapping pooling over k×k windows (kernel = stride, as PyTorch's {@code MaxPool2d(k)} and
 * {@code AvgPool2d(k)}), built as a reshape to {@code [N, C, H/k, k, W/k, k]} and a reduction: no
 * backend primitive of its own. Where several values tie for a maximum, the gradient is shared between
 * them (PyTorch gives it to one).
 */
public abstract class Pool2d extends Module {

    private final int k;

    Pool2d(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("pooling window " + k + " must be positive");
        }
        this.k = k;
    }

    /** Reduces each window: axes 3 and 5 of {@code [N, C, H/k, k, W/k, k]}. */
    abstract Tensor reduce(Tensor windows, int[] windowAxes);

    public int window() {
        return k;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(2) % k != 0 || x.size(3) % k != 0) {
            throw new ShapeException(this + ": input " + x.shapeString() + " must be [N, C, H, W] with H and W multiples of " + k);
        }
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2) / k;
        int w = x.size(3) / k;
        Tensor windows = x.contiguous().reshape(n, c, h, k, w, k);
        int[] window = {3, 5};
        return reduce(windows, window);
    }
}
