package org.ganlab.nn;

import java.util.Arrays;
import org.ganlab.tensor.Tensor;

/** A reshape of each sample: {@code [N, ...]} to {@code [N] + shape} (PyTorch's {@code Unflatten(1, shape)}). */
public final class Unflatten extends Module {

    private final int[] shape;

    public Unflatten(int... shape) {
        this.shape = shape.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] to = new int[shape.length + 1];
        to[0] = input.size(0);
        System.arraycopy(shape, 0, to, 1, shape.length);
        return input.reshape(to);
    }

    @Override
    public String toString() {
        return "Unflatten(" + Arrays.toString(shape) + ")";
    }
}
