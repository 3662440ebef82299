package org.ganlab.backend;

/**
 * The shapes of one 2-D convolution, as PyTorch's {@code conv2d} takes them: input {@code [batch,
 * inChannels, height, width]}, weight {@code [outChannels, inChannels, kernelH, kernelW]}, zero padding
 * of {@code padH}/{@code padW} on each side, and strides; the output is {@code [batch, outChannels,
 * outH, outW]}. A transposed convolution is this convolution's input gradient, so its output size is
 * the {@code height}/{@code width} here (output padding included).
 */
public record ConvGeometry(int batch, int inChannels, int height, int width, int outChannels, int kernelH,
        int kernelW, int strideH, int strideW, int padH, int padW) {

    public ConvGeometry {
        if (batch < 0 || inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("convolution: sizes must be positive and padding at least 0, got " + this);
        }
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW) {
            throw new IllegalArgumentException("convolution: the kernel " + kernelH + "x" + kernelW
                    + " is larger than the padded input " + (height + 2 * padH) + "x" + (width + 2 * padW));
        }
    }

    public int outH() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    public int[] inputShape() {
        return new int[] {batch, inChannels, height, width};
    }

    public int[] weightShape() {
        return new int[] {outChannels, inChannels, kernelH, kernelW};
    }

    public int[] outputShape() {
        return new int[] {batch, outChannels, outH(), outW()};
    }
}
