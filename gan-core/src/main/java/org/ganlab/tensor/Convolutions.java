package org.ganlab.tensor;

import java.util.Arrays;
import org.ganlab.autograd.Autograd;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.View;
import org.ganlab.backend.capture.Recorder;

/**
 * Differentiable 2-D convolutions on NCHW tensors, built on the backend's three convolution kernels.
 * The kernels' backward rules are each other ({@link Backend#conv2d}, {@link Backend#conv2dInputGrad},
 * {@link Backend#conv2dWeightGrad} are bilinear and adjoint), so gradients of gradients, an R1
 * penalty through a convolutional D, need no further rule.
 */
public final class Convolutions {

    private Convolutions() {
    }

    /**
     * PyTorch's {@code conv2d(x, w, stride, padding)} without bias: x {@code [N, C, H, W]}, w {@code [O, C,
     * kh, kw]} give {@code [N, O, outH, outW]}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, int strideH, int strideW, int padH, int padW) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[1]) {
            throw new ShapeException("conv2d: input " + x.shapeString() + " and weight " + w.shapeString()
                    + " must be [N, C, H, W] and [O, C, kh, kw] with the same C");
        }
        ConvGeometry g = geometry(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], strideH, strideW, padH, padW);
        return forward(x, w, g);
    }

    /**
     * PyTorch's {@code conv_transpose2d(x, w, stride, padding, output_padding)} without bias: x {@code [N,
     * Cin, H, W]}, w {@code [Cin, Cout, kh, kw]} give {@code [N, Cout, (H−1)·stride − 2·pad + k + outputPadding,
     * …]}: the input gradient of the convolution with that weight.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, int strideH, int strideW, int padH, int padW,
            int outputPadH, int outputPadW) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        if (xs.length != 4 || ws.length != 4 || xs[1] != ws[0]) {
            throw new ShapeException("conv_transpose2d: input " + x.shapeString() + " and weight " + w.shapeString()
                    + " must be [N, Cin, H, W] and [Cin, Cout, kh, kw] with the same Cin");
        }
        if (outputPadH < 0 || outputPadW < 0 || (outputPadH >= strideH && outputPadH >= 1)
                || (outputPadW >= strideW && outputPadW >= 1)) {
            throw new ShapeException("conv_transpose2d: output padding must be smaller than the stride, got "
                    + outputPadH + "x" + outputPadW + " for stride " + strideH + "x" + strideW);
        }
        int height = (xs[2] - 1) * strideH - 2 * padH + ws[2] + outputPadH;
        int width = (xs[3] - 1) * strideW - 2 * padW + ws[3] + outputPadW;
        ConvGeometry g = geometry(xs[0], ws[1], height, width, xs[1], ws[2], ws[3], strideH, strideW, padH, padW);
        if (g.outH() != xs[2] || g.outW() != xs[3]) {
            throw new ShapeException("conv_transpose2d: input " + x.shapeString() + " does not fit the geometry " + g);
        }
        return inputGrad(x, w, g);
    }

    private static ConvGeometry geometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph,
            int pw) {
        try {
            return new ConvGeometry(n, c, h, w, o, kh, kw, sh, sw, ph, pw);
        } catch (IllegalArgumentException e) {
            throw new ShapeException(e.getMessage());
        }
    }

    /** The convolution: its gradients are the input and weight gradients. */
    static Tensor forward(Tensor x, Tensor w, ConvGeometry g) {
        Tensor xc = checked(x, g.inputShape(), "input").contiguous();
        Tensor wc = checked(w, g.weightShape(), "weight").contiguous();
        Tensor out = kernel(xc, g.outputShape(), (b, o) -> b.conv2d(xc.view(), wc.view(), g, o));
        return Tensor.function("conv2d", out, grad -> new Tensor[] {
            needs(x) ? inputGrad(grad, w, g) : null,
            needs(w) ? weightGrad(x, grad, g) : null}, x, w);
    }

    /** The input gradient of the convolution with weight w, for the output gradient dy: linear in both. */
    static Tensor inputGrad(Tensor dy, Tensor w, ConvGeometry g) {
        Tensor dyc = checked(dy, g.outputShape(), "output gradient").contiguous();
        Tensor wc = checked(w, g.weightShape(), "weight").contiguous();
        Tensor dx = kernel(dyc, g.inputShape(), (b, o) -> b.conv2dInputGrad(dyc.view(), wc.view(), g, o));
        return Tensor.function("conv2d_input_grad", dx, grad -> new Tensor[] {
            needs(dy) ? forward(grad, w, g) : null,
            needs(w) ? weightGrad(grad, dy, g) : null}, dy, w);
    }

    /** The weight gradient of the convolution of x, for the output gradient dy: linear in both. */
    static Tensor weightGrad(Tensor x, Tensor dy, ConvGeometry g) {
        Tensor xc = checked(x, g.inputShape(), "input").contiguous();
        Tensor dyc = checked(dy, g.outputShape(), "output gradient").contiguous();
        Tensor dw = kernel(xc, g.weightShape(), (b, o) -> b.conv2dWeightGrad(xc.view(), dyc.view(), g, o));
        return Tensor.function("conv2d_weight_grad", dw, grad -> new Tensor[] {
            needs(x) ? inputGrad(dy, grad, g) : null,
            needs(dy) ? forward(x, grad, g) : null}, x, dy);
    }

    /** Whether the running backward pass wants t's gradient ({@link Autograd#needsGradient}). */
    private static boolean needs(Tensor t) {
        return Autograd.needsGradient(t);
    }

    private static Tensor checked(Tensor t, int[] shape, String what) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ShapeException("convolution: " + what + " " + t.shapeString() + " should be " + Shapes.toString(shape));
        }
        return t;
    }

    @FunctionalInterface
    private interface Kernel {
        void run(Backend backend, Buffer out);
    }

    private static Tensor kernel(Tensor like, int[] shape, Kernel k) {
        Backend backend = like.backend();
        Buffer out = MemoryScope.allocate(backend, Shapes.size(shape));
        k.run(Recorder.target(backend), out);
        return Tensor.wrap(backend, View.contiguous(out, shape));
    }
}
