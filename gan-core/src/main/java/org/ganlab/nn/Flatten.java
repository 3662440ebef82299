package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** PyTorch's {@code Flatten()}: {@code [N, ...]} to {@code [N, everything else]}. */
public final class Flatten extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.reshape(input.size(0), -1);
    }
}
