package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** {@code x} where positive, {@code slope * x} elsewhere; PyTorch's default slope is 0.01. */
public final class LeakyReLU extends Module {

    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float slope) {
        this.slope = slope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(slope);
    }

    @Override
    public String toString() {
        return "LeakyReLU(slope=" + slope + ")";
    }
}
