package org.ganlab.nn;

import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/** Initialisations of layers: PyTorch's defaults and the DCGAN paper's. */
public final class Init {

    private static final float DCGAN_STD = 0.02f;

    private Init() {
    }

    /** Uniform in ±1/sqrt(fanIn): PyTorch's default for linear and convolution weights and biases. */
    static Tensor defaultUniform(Rng rng, int fanIn, int... shape) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return Tensor.uniform(rng, -bound, bound, shape);
    }

    /**
     * The DCGAN initialisation (Radford et al. 2016, and PyTorch's DCGAN example's {@code weights_init}):
     * every convolution and transposed convolution weight N(0, 0.02); every batch-norm scale N(1, 0.02)
     * and shift 0. Linear layers and convolution biases keep theirs. Draws in module order.
     */
    public static <M extends Module> M dcgan(M network, Rng rng) {
        try (var noGrad = GradMode.noGrad()) {
            for (Module m : network.modules()) {
                if (m instanceof Conv2d || m instanceof ConvTranspose2d) {
                    Tensor w = ((WeightedLayer) m).weight();
                    w.assign(Tensor.normal(rng, 0f, DCGAN_STD, w.shape()));
                } else if (m instanceof BatchNorm bn && bn.weight() != null) {
                    bn.weight().assign(Tensor.normal(rng, 1f, DCGAN_STD, bn.weight().shape()));
                    bn.bias().assign(Tensor.zeros(bn.bias().shape()));
                }
            }
        }
        return network;
    }

    /** Checks a convolution's weight is 4-d and its bias matches the weight's output axis. */
    static void requireShapes(String layer, Tensor weight, Tensor bias, int outputAxis) {
        if (weight.dim() != 4 || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(outputAxis)))) {
            throw new ShapeException(layer + ": weight " + weight.shapeString() + " and bias "
                    + (bias == null ? "none" : bias.shapeString()) + " must be 4-d and [" + (outputAxis == 0 ? "out" : "in")
                    + ", " + (outputAxis == 0 ? "in" : "out") + ", kh, kw] and [out]");
        }
    }
}
