package org.ganlab.backend.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.FusedKernels;
import org.ganlab.backend.OptimizerKernels;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.ReplayKernels;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;

/** The recorded calls, one record per backend entry point. */
final class Ops {

    private Ops() {
    }

    /** A view in a signature: its buffer's key, shape, strides and offset (null stays null). */
    static List<Object> view(View v, Function<Buffer, Object> key) {
        return v == null ? null
                : List.of(key.apply(v.buffer()), Arrays.toString(v.shape()), Arrays.toString(v.strides()), v.offset());
    }

    static List<Object> sig(Object... parts) {
        return new ArrayList<>(Arrays.asList(parts));
    }

    /** The call as the backend prepares it ({@link ReplayKernels}), or the recorded call itself where it has nothing faster. */
    static Runnable prepared(Backend b, Op op, Function<ReplayKernels, Runnable> prepare) {
        ReplayKernels k = b.capability(ReplayKernels.class);
        Runnable r = k == null ? null : prepare.apply(k);
        return r != null ? r : () -> op.run(b);
    }

    /** A view of the buffer {@code to} maps its buffer to (null stays null). */
    static View mapped(View view, UnaryOperator<Buffer> to) {
        if (view == null) {
            return null;
        }
        Buffer b = to.apply(view.buffer());
        return b == view.buffer() ? view : new View(b, view.shape(), view.strides(), view.offset());
    }

    static Integer bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    record Unary(UnaryOp op, View src, Buffer out) implements Op {
        public void run(Backend b) {
            b.unary(op, src, out);
        }

        public Runnable prepare(Backend b) {
            return prepared(b, this, k -> k.prepareUnary(op, src, out));
        }

        public long flops() {
            return src.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Unary(op, mapped(src, to), to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(src);
        }

        public boolean elementwise() {
            return true;
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("unary", op, view(src, key), key.apply(out));
        }
    }

    record Binary(BinaryOp op, View a, View other, Buffer out) implements Op {
        public void run(Backend b) {
            b.binary(op, a, other, out);
        }

        public Runnable prepare(Backend b) {
            return prepared(b, this, k -> k.prepareBinary(op, a, other, out));
        }

        public long flops() {
            return out.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Binary(op, mapped(a, to), mapped(other, to), to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(a, other);
        }

        public boolean elementwise() {
            return true;
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("binary", op, view(a, key), view(other, key), key.apply(out));
        }
    }

    record Scalar(BinaryOp op, View a, float scalar, Buffer out) implements Op {
        public void run(Backend b) {
            b.binary(op, a, scalar, out);
        }

        public Runnable prepare(Backend b) {
            return prepared(b, this, k -> k.prepareScalar(op, a, scalar, out));
        }

        public long flops() {
            return out.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Scalar(op, mapped(a, to), scalar, to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(a);
        }

        public boolean elementwise() {
            return true;
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("scalar", op, view(a, key), bits(scalar), key.apply(out));
        }
    }

    record Reduce(ReduceOp op, View src, int[] outShape, Buffer out) implements Op {
        public void run(Backend b) {
            b.reduce(op, src, outShape, out);
        }

        public Runnable prepare(Backend b) {
            return prepared(b, this, k -> k.prepareReduce(op, src, outShape, out));
        }

        public long flops() {
            return src.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Reduce(op, mapped(src, to), outShape, to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(src);
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("reduce", op, view(src, key), Arrays.toString(outShape), key.apply(out));
        }
    }

    record Matmul(View a, View other, Buffer out) implements Op {
        public void run(Backend b) {
            b.matmul(a, other, out);
        }

        public long flops() {
            return 2L * out.size() * a.shape()[a.rank() - 1];
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Matmul(mapped(a, to), mapped(other, to), to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(a, other);
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("matmul", view(a, key), view(other, key), key.apply(out));
        }
    }

    /** The three convolution kernels: 0 forward, 1 input gradient, 2 weight gradient. */
    record Conv(int kind, View x, View w, ConvGeometry g, Buffer out) implements Op {
        public void run(Backend b) {
            switch (kind) {
                case 0 -> b.conv2d(x, w, g, out);
                case 1 -> b.conv2dInputGrad(x, w, g, out);
                default -> b.conv2dWeightGrad(x, w, g, out);
            }
        }

        public long flops() {
            return 2L * g.batch() * g.outChannels() * g.outH() * g.outW() * g.inChannels() * g.kernelH() * g.kernelW();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Conv(kind, mapped(x, to), mapped(w, to), g, to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(x, w);
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("conv" + kind, view(x, key), view(w, key), g, key.apply(out));
        }
    }

    record Rectify(FusedKernels kernels, View src, float positive, float negative, Buffer out, Buffer factor)
            implements Op {
        public void run(Backend b) {
            kernels.rectify(src, positive, negative, out, factor);
        }

        public long flops() {
            return 2L * src.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Rectify(kernels, mapped(src, to), positive, negative, to.apply(out), to.apply(factor));
        }

        public List<View> views() {
            return Arrays.asList(src);
        }

        public List<Buffer> writes() {
            return List.of(out, factor);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("rectify", view(src, key), bits(positive), bits(negative), key.apply(out), key.apply(factor));
        }
    }

    record Linear(FusedKernels kernels, View x, View weight, View bias, Buffer out) implements Op {
        public void run(Backend b) {
            kernels.linear(x, weight, bias, out);
        }

        public long flops() {
            return 2L * out.size() * x.shape()[1] + out.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Linear(kernels, mapped(x, to), mapped(weight, to), mapped(bias, to), to.apply(out));
        }

        public List<View> views() {
            return Arrays.asList(x, weight, bias);
        }

        public List<Buffer> writes() {
            return List.of(out);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("linear", view(x, key), view(weight, key), view(bias, key), key.apply(out));
        }
    }

    record Sgd(OptimizerKernels kernels, View param, View grad, View buf, float lr, float momentum, float weightDecay,
            Buffer newParam, Buffer newBuf) implements Op {
        public void run(Backend b) {
            kernels.sgd(param, grad, buf, lr, momentum, weightDecay, newParam, newBuf);
        }

        public long flops() {
            return 3L * param.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Sgd(kernels, mapped(param, to), mapped(grad, to), mapped(buf, to), lr, momentum, weightDecay,
                    to.apply(newParam), newBuf == null ? null : to.apply(newBuf));
        }

        public List<View> views() {
            return Arrays.asList(param, grad, buf);
        }

        public boolean elementwise() {
            return true;
        }

        public List<Buffer> writes() {
            return newBuf == null ? List.of(newParam) : List.of(newParam, newBuf);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return sig("sgd", view(param, key), view(grad, key), view(buf, key), bits(lr), bits(momentum),
                    bits(weightDecay), key.apply(newParam), newBuf == null ? null : key.apply(newBuf));
        }
    }

    /**
     * Adam's update. {@code scalars} holds (β1, 1 − β1, β2, 1 − β2, weight decay, decay, bc2, eps,
     * step size); where {@code perStep} is given, a replay asks it for them (the step count moves on,
     * and with it the bias corrections), and signatures leave them out.
     */
    record Adam(OptimizerKernels kernels, View param, View grad, View m, View v, float[] scalars, boolean decoupled,
            Supplier<float[]> perStep, Buffer newParam, Buffer newM, Buffer newV) implements Op {
        public boolean varies() {
            return perStep != null;
        }

        public void run(Backend b) {
            float[] s = perStep == null ? scalars : perStep.get();
            kernels.adam(param, grad, m, v, s[0], s[1], s[2], s[3], s[4], decoupled, s[5], s[6], s[7], s[8], newParam,
                    newM, newV);
        }

        public long flops() {
            return 12L * param.size();
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Adam(kernels, mapped(param, to), mapped(grad, to), mapped(m, to), mapped(v, to), scalars, decoupled,
                    perStep, to.apply(newParam), to.apply(newM), to.apply(newV));
        }

        public List<View> views() {
            return Arrays.asList(param, grad, m, v);
        }

        public boolean elementwise() {
            return true;
        }

        public List<Buffer> writes() {
            return List.of(newParam, newM, newV);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            List<Object> sig = sig("adam", view(param, key), view(grad, key), view(m, key), view(v, key), decoupled,
                    key.apply(newParam), key.apply(newM), key.apply(newV));
            if (perStep == null) {
                sig.add(Arrays.toString(scalars));
            } else { // the constants only; the bias corrections are the replay's
                sig.add(List.of(bits(scalars[0]), bits(scalars[1]), bits(scalars[2]), bits(scalars[3]), bits(scalars[4]),
                        bits(scalars[7])));
            }
            return sig;
        }
    }

    /**
     * Host values put into a buffer during the step. A constant keeps its values (a replay does
     * nothing); a draw (random numbers) is drawn again by {@code refill} at each replay, from the
     * same generator in the same order, and written into the same buffer.
     */
    record Upload(Buffer buffer, float[] data, Refill refill) implements Op {
        public boolean varies() {
            return refill != null;
        }

        public void run(Backend b) {
            if (refill != null) {
                refill.fill().accept(data);
                b.write(buffer, data);
            }
        }

        public long flops() {
            return 0;
        }

        public Op remap(UnaryOperator<Buffer> to) {
            return new Upload(to.apply(buffer), data, refill);
        }

        public List<View> views() {
            return List.of();
        }

        public List<Buffer> writes() {
            return List.of(buffer);
        }

        public List<Object> signature(Function<Buffer, Object> key) {
            return refill == null ? sig("constant", key.apply(buffer), Arrays.hashCode(data), data.length)
                    : sig("draw", key.apply(buffer), refill.description(), data.length);
        }

        /** Whether two recordings uploaded the same constant (hashes can collide; the values cannot). */
        boolean sameData(Upload other) {
            return refill != null || Arrays.equals(data, other.data);
        }
    }

    /** How a draw refills its host array: the generator's description (kind, parameters, source) and the filler. */
    record Refill(String description, Consumer<float[]> fill) {
    }
}
