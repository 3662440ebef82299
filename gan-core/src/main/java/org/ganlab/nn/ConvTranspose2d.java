package org.ganlab.nn;

import org.ganlab.tensor.Convolutions;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/**
 * PyTorch's {@code ConvTranspose2d}: NCHW input, weight {@code [in, out, kh, kw]}, bias {@code [out]};
 * the output is {@code (H − 1)·stride − 2·padding + k + outputPadding} high, and as wide.
 */
public final class ConvTranspose2d extends WeightedLayer {

    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private final int outputPadH;
    private final int outputPadW;

    /** A square kernel, PyTorch's default initialisation. */
    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding, boolean bias, Rng rng) {
        this(in, out, kernel, kernel, stride, stride, padding, padding, outputPadding, outputPadding, bias, rng);
    }

    /**
     * PyTorch's default initialisation: weight and bias uniform in ±1/sqrt(fanIn), where PyTorch takes
     * fanIn from the weight's second axis: out·kh·kw.
     */
    public ConvTranspose2d(int in, int out, int kh, int kw, int strideH, int strideW, int padH, int padW,
            int outputPadH, int outputPadW, boolean bias, Rng rng) {
        this(Init.defaultUniform(rng, out * kh * kw, in, out, kh, kw),
                bias ? Init.defaultUniform(rng, out * kh * kw, out) : null,
                strideH, strideW, padH, padW, outputPadH, outputPadW);
    }

    /** A layer with the given weight {@code [in, out, kh, kw]} and bias {@code [out]} (or null). */
    public ConvTranspose2d(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW,
            int outputPadH, int outputPadW) {
        Init.requireShapes("ConvTranspose2d", weight, bias, 1);
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || outputPadH < 0 || outputPadW < 0) {
            throw new ShapeException("ConvTranspose2d: stride " + strideH + "x" + strideW
                    + " must be positive, padding and output padding not negative");
        }
        registerWeights(weight, bias);
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        this.outputPadH = outputPadH;
        this.outputPadW = outputPadW;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor y = Convolutions.convTranspose2d(input, effectiveWeight(), strideH, strideW, padH, padW,
                outputPadH, outputPadW);
        return plusChannelBias(y);
    }

    @Override
    public int outputAxis() {
        return 1;
    }

    @Override
    public String toString() {
        int[] s = weight().shape();
        return "ConvTranspose2d(" + s[0] + ", " + s[1] + ", kernel=" + s[2] + "x" + s[3] + ", stride=" + strideH + "x"
                + strideW + ", padding=" + padH + "x" + padW + ", output_padding=" + outputPadH + "x" + outputPadW
                + ", bias=" + (bias() != null) + ")";
    }
}
