package org.ganlab.nn;

import org.ganlab.tensor.Convolutions;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/** PyTorch's {@code Conv2d}: NCHW input, weight {@code [out, in, kh, kw]}, bias {@code [out]}. */
public final class Conv2d extends WeightedLayer {

    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;

    /** A square kernel, PyTorch's default initialisation (see {@link #Conv2d(int, int, int, int, int, int, int, int, boolean, Rng)}). */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Rng rng) {
        this(in, out, kernel, kernel, stride, stride, padding, padding, bias, rng);
    }

    /**
     * PyTorch's default initialisation: weight and bias uniform in ±1/sqrt(fanIn), fanIn = in·kh·kw
     * ({@code kaiming_uniform_(a=sqrt(5))} comes to that bound).
     */
    public Conv2d(int in, int out, int kh, int kw, int strideH, int strideW, int padH, int padW, boolean bias, Rng rng) {
        this(Init.defaultUniform(rng, in * kh * kw, out, in, kh, kw),
                bias ? Init.defaultUniform(rng, in * kh * kw, out) : null, strideH, strideW, padH, padW);
    }

    /** A layer with the given weight {@code [out, in, kh, kw]} and bias {@code [out]} (or null). */
    public Conv2d(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        Init.requireShapes("Conv2d", weight, bias, 0);
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new ShapeException("Conv2d: stride " + strideH + "x" + strideW + " must be positive and padding "
                    + padH + "x" + padW + " not negative");
        }
        registerWeights(weight, bias);
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor y = Convolutions.conv2d(input, effectiveWeight(), strideH, strideW, padH, padW);
        return plusChannelBias(y);
    }

    @Override
    public String toString() {
        int[] s = weight().shape();
        return "Conv2d(" + s[1] + ", " + s[0] + ", kernel=" + s[2] + "x" + s[3] + ", stride=" + strideH + "x" + strideW
                + ", padding=" + padH + "x" + padW + ", bias=" + (bias() != null) + ")";
    }
}
