package org.ganlab.backend.cpu;

import static org.ganlab.backend.cpu.Strided.contiguousData;
import static org.ganlab.backend.cpu.Strided.data;
import static org.ganlab.backend.cpu.Strided.offset;

import java.util.Arrays;
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

/**
 * Pure-Java kernels. The seed networks are tiny, so the common paths (contiguous inputs, a tensor
 * with a constant) are plain loops with no allocation beyond the output; strided and broadcast
 * inputs are gathered to a contiguous copy first. Transcendentals are computed in double and
 * rounded once; exp and sigmoid with this backend's own polynomial ({@link Exp}), vectorised.
 */
public final class CpuBackend implements Backend, OptimizerKernels, FusedKernels, ReplayKernels {

    private final CpuBufferPool pool = new CpuBufferPool();

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Buffer allocate(int size) {
        return new CpuBuffer(pool.take(size), pool);
    }

    @Override
    public Buffer upload(float[] data) {
        float[] copy = pool.take(data.length);
        System.arraycopy(data, 0, copy, 0, data.length);
        return new CpuBuffer(copy, pool);
    }

    @Override
    public float[] download(Buffer buffer) {
        return ((CpuBuffer) buffer).data().clone();
    }

    @Override
    public void write(Buffer buffer, float[] data) {
        System.arraycopy(data, 0, ((CpuBuffer) buffer).data(), 0, data.length);
    }

    @Override
    public void unary(UnaryOp op, View src, Buffer out) {
        float[] o = ((CpuBuffer) out).data();
        int n = src.size();
        if (op == UnaryOp.COPY && !src.isContiguous()) {
            Strided.gather(src, o, 0);
            return;
        }
        unaryKernel(op, contiguousData(src), offset(src), o, n);
    }

    private static void unaryKernel(UnaryOp op, float[] s, int so, float[] o, int n) {
        switch (op) {
            case COPY -> System.arraycopy(s, so, o, 0, n);
            case NEG -> { for (int i = 0; i < n; i++) o[i] = -s[so + i]; }
            case EXP -> Exp.exp(s, so, o, n);
            case LOG -> { for (int i = 0; i < n; i++) o[i] = (float) Math.log(s[so + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[i] = (float) Math.sqrt(s[so + i]); }
            case ABS -> { for (int i = 0; i < n; i++) o[i] = Math.abs(s[so + i]); }
            case SIGN -> { for (int i = 0; i < n; i++) o[i] = Math.signum(s[so + i]); }
            case SIGMOID -> Exp.sigmoid(s, so, o, n);
            case TANH -> { for (int i = 0; i < n; i++) o[i] = (float) Math.tanh(s[so + i]); }
            default -> throw new UnsupportedOperationException("cpu: unary " + op);
        }
    }

    @Override
    public void binary(BinaryOp op, View a, View b, Buffer out) {
        if (b.isBroadcastScalar()) {
            binary(op, a, data(b)[b.offset()], out);
            return;
        }
        float[] o = ((CpuBuffer) out).data();
        int n = o.length;
        // A bias-like operand (a contiguous row repeated along leading axes) is read in place, chunk by chunk.
        int pa = Strided.period(a);
        int pb = Strided.period(b);
        if ((pa == 0 || pb == 0) && a.rank() == 2 && (op == BinaryOp.ADD || op == BinaryOp.MUL)) {
            // Matrices read in place (transposed weight gradients being summed): no gathered copies.
            strided2d(op == BinaryOp.ADD, a, b, o);
            return;
        }
        if (pb == 0 && a.isContiguous() && perBlock(op, a, b, o)) {
            return;
        }
        if (pa == 0 && b.isContiguous() && (op == BinaryOp.ADD || op == BinaryOp.MUL) && perBlock(op, b, a, o)) {
            return; // IEEE addition and multiplication commute bit for bit
        }
        float[] x = pa > 0 ? data(a) : contiguousData(a);
        float[] y = pb > 0 ? data(b) : contiguousData(b);
        int xo = pa > 0 ? a.offset() : 0;
        int yo = pb > 0 ? b.offset() : 0;
        pa = pa > 0 ? pa : n;
        pb = pb > 0 ? pb : n;
        int chunk = Math.min(pa, pb);
        boolean vector = n >= Matmul.VECTOR_MIN_LENGTH;
        for (int base = 0; base < n; base += chunk) {
            slice(op, x, xo + (pa == n ? base : 0), y, yo + (pb == n ? base : 0), o, base, chunk, vector);
        }
    }

    /**
     * Contiguous a with b constant over blocks of a's trailing axes (b's strides 0 there: a
     * per-channel statistic {@code [1, C, 1, 1]} against {@code [N, C, H, W]}): each block is a's
     * slice and one number, so b is never expanded into a copy as large as a. False, having done
     * nothing, when b is not of that form.
     */
    private static boolean perBlock(BinaryOp op, View a, View b, float[] o) {
        if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) {
            return false;
        }
        int axis = broadcastTail(a.shape(), b.strides());
        if (axis == a.rank() || axis == 0) {
            return false;
        }
        int block = sizeFrom(a.shape(), axis);
        if (block < 16) {
            return false;
        }
        float[] values = new float[o.length / block];
        Strided.gather(new View(b.buffer(), Arrays.copyOf(a.shape(), axis), Arrays.copyOf(b.strides(), axis),
                b.offset()), values, 0);
        float[] x = data(a);
        int xo = a.offset();
        // Plain loops, which the JIT vectorises; a block may be as short as 16.
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            int end = (i + 1) * block;
            switch (op) {
                case ADD -> { for (int e = i * block; e < end; e++) o[e] = x[xo + e] + v; }
                case SUB -> { for (int e = i * block; e < end; e++) o[e] = x[xo + e] - v; }
                case MUL -> { for (int e = i * block; e < end; e++) o[e] = x[xo + e] * v; }
                default -> { for (int e = i * block; e < end; e++) o[e] = x[xo + e] / v; }
            }
        }
        return true;
    }

    /** {@code o = a + b} or {@code a · b} for two strided matrices, row by row into row-major o. */
    private static void strided2d(boolean add, View a, View b, float[] o) {
        float[] x = data(a);
        float[] y = data(b);
        int rows = a.shape()[0];
        int cols = a.shape()[1];
        int xr = a.strides()[0];
        int xc = a.strides()[1];
        int yr = b.strides()[0];
        int yc = b.strides()[1];
        for (int i = 0; i < rows; i++) {
            int xi = a.offset() + i * xr;
            int yi = b.offset() + i * yr;
            int oi = i * cols;
            if (add) {
                for (int j = 0; j < cols; j++) {
                    o[oi + j] = x[xi + j * xc] + y[yi + j * yc];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    o[oi + j] = x[xi + j * xc] * y[yi + j * yc];
                }
            }
        }
    }

    /**
     * {@code o[oo + i] = op(x[xo + i], y[yo + i])} for i below len; with the Vector API when
     * {@code vector} (the whole operation is long enough, though a slice may be one short row).
     */
    private static void slice(BinaryOp op, float[] x, int xo, float[] y, int yo, float[] o, int oo, int len,
            boolean vector) {
        int done = vector ? VectorKernels.binary(op, x, xo, y, yo, o, oo, len) : 0;
        if (done > 0) {
            xo += done;
            yo += done;
            oo += done;
            len -= done;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] + y[yo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] - y[yo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] * y[yo + i]; }
            case DIV -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] / y[yo + i]; }
            case POW -> { for (int i = 0; i < len; i++) o[oo + i] = (float) Math.pow(x[xo + i], y[yo + i]); }
            case MAX -> { for (int i = 0; i < len; i++) o[oo + i] = Math.max(x[xo + i], y[yo + i]); }
            case MIN -> { for (int i = 0; i < len; i++) o[oo + i] = Math.min(x[xo + i], y[yo + i]); }
            case LT -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] < y[yo + i] ? 1f : 0f; }
            case GT -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] > y[yo + i] ? 1f : 0f; }
            case EQ -> { for (int i = 0; i < len; i++) o[oo + i] = x[xo + i] == y[yo + i] ? 1f : 0f; }
            default -> throw new UnsupportedOperationException("cpu: binary " + op);
        }
    }

    @Override
    public void binary(BinaryOp op, View a, float c, Buffer out) {
        scalarKernel(op, contiguousData(a), offset(a), c, ((CpuBuffer) out).data());
    }

    private static void scalarKernel(BinaryOp op, float[] x, int xo, float c, float[] o) {
        int n = o.length;
        int done = n >= Matmul.VECTOR_MIN_LENGTH ? VectorKernels.binary(op, x, xo, c, o) : 0;
        switch (op) {
            case ADD -> { for (int i = done; i < n; i++) o[i] = x[xo + i] + c; }
            case SUB -> { for (int i = done; i < n; i++) o[i] = x[xo + i] - c; }
            case MUL -> { for (int i = done; i < n; i++) o[i] = x[xo + i] * c; }
            case DIV -> { for (int i = done; i < n; i++) o[i] = x[xo + i] / c; }
            case POW -> pow(x, xo, c, o);
            case MAX -> { for (int i = 0; i < n; i++) o[i] = Math.max(x[xo + i], c); }
            case MIN -> { for (int i = 0; i < n; i++) o[i] = Math.min(x[xo + i], c); }
            case LT -> { for (int i = 0; i < n; i++) o[i] = x[xo + i] < c ? 1f : 0f; }
            case GT -> { for (int i = 0; i < n; i++) o[i] = x[xo + i] > c ? 1f : 0f; }
            case EQ -> { for (int i = 0; i < n; i++) o[i] = x[xo + i] == c ? 1f : 0f; }
            default -> throw new UnsupportedOperationException("cpu: binary " + op);
        }
    }

    /** Squares and ones are common (MSE, Adam); they skip Math.pow, which rounds identically for them. */
    private static void pow(float[] x, int xo, float c, float[] o) {
        int n = o.length;
        if (c == 2f) {
            for (int i = 0; i < n; i++) o[i] = x[xo + i] * x[xo + i];
        } else if (c == 1f) {
            System.arraycopy(x, xo, o, 0, n);
        } else {
            for (int i = 0; i < n; i++) o[i] = (float) Math.pow(x[xo + i], c);
        }
    }

    @Override
    public void reduce(ReduceOp op, View src, int[] outShape, Buffer out) {
        float[] o = ((CpuBuffer) out).data();
        float[] s = contiguousData(src);
        int so = offset(src);
        int rank = src.rank();
        int n = src.size();
        boolean sum = op == ReduceOp.SUM;
        // Sums accumulate in double, each output in input order (a long total in 16 interleaved
        // partial sums, see Sums): exact enough, and the same bits every time.
        double[] acc = new double[o.length];
        if (!sum) {
            Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        if (rank == 0 || o.length == 1) {
            if (sum) {
                acc[0] = Sums.total(s, so, n);
            } else {
                double a = acc[0];
                for (int i = 0; i < n; i++) {
                    a = Math.max(a, s[so + i]);
                }
                acc[0] = a;
            }
        } else {
            int[] shape = src.shape();
            int[] outStrides = View.contiguousStrides(outShape);
            for (int d = 0; d < rank; d++) {
                if (outShape[d] == 1) {
                    outStrides[d] = 0;
                }
            }
            int last = shape[rank - 1];
            int lastStride = outStrides[rank - 1];
            if (sum && lastStride == 0 && runSums(s, so, shape, outStrides, acc)) {
                for (int i = 0; i < o.length; i++) {
                    o[i] = (float) acc[i];
                }
                return;
            }
            int[] index = new int[rank];
            int base = 0;
            for (int i = 0; i < n; i += last) {
                if (sum && lastStride == 1) {
                    // Column sums (a bias gradient): a branch-free row the JIT vectorises.
                    for (int j = 0; j < last; j++) {
                        acc[base + j] += s[so + i + j];
                    }
                } else {
                    for (int j = 0; j < last; j++) {
                        int k = base + j * lastStride;
                        acc[k] = sum ? acc[k] + s[so + i + j] : Math.max(acc[k], s[so + i + j]);
                    }
                }
                base = Strided.advance(shape, outStrides, index, rank - 2, base);
            }
        }
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) acc[i];
        }
    }

    /**
     * Sums over trailing axes that all fold into one output each (batch norm's statistics over H and
     * W): runs of that length, each added into its output in input order as the general loop does,
     * but four runs with different outputs at a time, so that four chains of double additions
     * overlap instead of one waiting on itself. Four runs that share an output are added one after
     * another. False, having done nothing, when the runs are shorter than 16.
     */
    private static boolean runSums(float[] s, int so, int[] shape, int[] outStrides, double[] acc) {
        int axis = broadcastTail(shape, outStrides);
        int run = sizeFrom(shape, axis);
        if (run < 16 || axis == 0) {
            return false;
        }
        int runs = Arrays.stream(shape, 0, axis).reduce(1, (p, d) -> p * d);
        int[] target = new int[runs];
        int[] index = new int[axis];
        int[] leading = Arrays.copyOf(shape, axis);
        int[] strides = Arrays.copyOf(outStrides, axis);
        for (int r = 0, base = 0; r < runs; r++) {
            target[r] = base;
            base = Strided.advance(leading, strides, index, axis - 1, base);
        }
        int r = 0;
        for (; r + 4 <= runs; r += 4) {
            int t0 = target[r];
            int t1 = target[r + 1];
            int t2 = target[r + 2];
            int t3 = target[r + 3];
            if (t0 == t1 || t0 == t2 || t0 == t3 || t1 == t2 || t1 == t3 || t2 == t3) {
                for (int q = r; q < r + 4; q++) {
                    acc[target[q]] = addRun(acc[target[q]], s, so + q * run, run);
                }
                continue;
            }
            double a0 = acc[t0];
            double a1 = acc[t1];
            double a2 = acc[t2];
            double a3 = acc[t3];
            int x0 = so + r * run;
            for (int j = 0; j < run; j++) {
                a0 += s[x0 + j];
                a1 += s[x0 + run + j];
                a2 += s[x0 + 2 * run + j];
                a3 += s[x0 + 3 * run + j];
            }
            acc[t0] = a0;
            acc[t1] = a1;
            acc[t2] = a2;
            acc[t3] = a3;
        }
        for (; r < runs; r++) {
            acc[target[r]] = addRun(acc[target[r]], s, so + r * run, run);
        }
        return true;
    }

    /** Where the trailing axes of stride 0 begin: the first of the axes after which every stride is 0. */
    private static int broadcastTail(int[] shape, int[] strides) {
        int axis = shape.length;
        while (axis > 0 && strides[axis - 1] == 0) {
            axis--;
        }
        return axis;
    }

    /** The product of the axes from {@code axis} on. */
    private static int sizeFrom(int[] shape, int axis) {
        return Arrays.stream(shape, axis, shape.length).reduce(1, (p, d) -> p * d);
    }

    private static double addRun(double a, float[] s, int from, int length) {
        for (int j = 0; j < length; j++) {
            a += s[from + j];
        }
        return a;
    }

    @Override
    public void rectify(View src, float positive, float negative, Buffer out, Buffer factor) {
        float[] o = ((CpuBuffer) out).data();
        float[] f = ((CpuBuffer) factor).data();
        float[] s = contiguousData(src);
        int so = offset(src);
        int i = o.length >= Matmul.VECTOR_MIN_LENGTH ? VectorKernels.rectify(s, so, positive, negative, o, f) : 0;
        for (; i < o.length; i++) {
            float x = s[so + i];
            float k = x > 0f ? positive : negative;
            f[i] = k;
            o[i] = x * k;
        }
    }

    @Override
    public void linear(View x, View weight, View bias, Buffer out) {
        int m = x.shape()[0];
        int n = weight.shape()[0];
        int k = weight.shape()[1];
        float[] o = ((CpuBuffer) out).data();
        Matmul.product(data(x), x.offset(), x.strides()[0], x.strides()[1], data(weight), weight.offset(),
                weight.strides()[1], weight.strides()[0], o, 0, m, k, n);
        // The bias goes onto each row in place, while the row is still in cache.
        float[] b = contiguousData(bias);
        int bo = offset(bias);
        if (n < Matmul.VECTOR_MIN_LENGTH) { // narrow rows: one plain loop, not a call per row
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    o[r * n + j] = o[r * n + j] + b[bo + j];
                }
            }
            return;
        }
        for (int r = 0; r < m; r++) {
            slice(BinaryOp.ADD, o, r * n, b, bo, o, r * n, n, true);
        }
    }

    // --- replay kernels: the common contiguous calls with their storage resolved once (tiny tensors
    // spend more time finding their arrays and layout than computing); the same loops, so the same bits ---

    @Override
    public Runnable prepareUnary(UnaryOp op, View src, Buffer out) {
        if (!src.isContiguous() || op == UnaryOp.COPY && src.size() != out.size()) {
            return null;
        }
        float[] s = data(src);
        int so = src.offset();
        float[] o = ((CpuBuffer) out).data();
        int n = src.size();
        return () -> unaryKernel(op, s, so, o, n);
    }

    @Override
    public Runnable prepareBinary(BinaryOp op, View a, View b, Buffer out) {
        float[] o = ((CpuBuffer) out).data();
        if (b.isBroadcastScalar()) {
            if (!a.isContiguous()) {
                return null;
            }
            float[] x = data(a);
            int xo = a.offset();
            float[] y = data(b);
            int yo = b.offset();
            return () -> scalarKernel(op, x, xo, y[yo], o); // b's value as it is when the call runs
        }
        if (!a.isContiguous() || !b.isContiguous() || !Arrays.equals(a.shape(), b.shape()) || a.size() != o.length) {
            return null;
        }
        float[] x = data(a);
        int xo = a.offset();
        float[] y = data(b);
        int yo = b.offset();
        int n = o.length;
        boolean vector = n >= Matmul.VECTOR_MIN_LENGTH;
        return () -> slice(op, x, xo, y, yo, o, 0, n, vector);
    }

    @Override
    public Runnable prepareScalar(BinaryOp op, View a, float scalar, Buffer out) {
        if (!a.isContiguous()) {
            return null;
        }
        float[] x = data(a);
        int xo = a.offset();
        float[] o = ((CpuBuffer) out).data();
        return () -> scalarKernel(op, x, xo, scalar, o);
    }

    @Override
    public Runnable prepareReduce(ReduceOp op, View src, int[] outShape, Buffer out) {
        float[] o = ((CpuBuffer) out).data();
        if (op != ReduceOp.SUM || o.length != 1 || !src.isContiguous()) {
            return null;
        }
        float[] s = data(src);
        int so = src.offset();
        int n = src.size();
        return () -> o[0] = (float) Sums.total(s, so, n);
    }

    @Override
    public void sgd(View param, View grad, View buf, float lr, float momentum, float weightDecay, Buffer newParam,
            Buffer newBuf) {
        CpuOptimizerKernels.sgd(param, grad, buf, lr, momentum, weightDecay, newParam, newBuf);
    }

    @Override
    public void adam(View param, View grad, View m, View v, float beta1, float oneMinusBeta1, float beta2,
            float oneMinusBeta2, float weightDecay, boolean decoupled, float decay, float bc2, float eps, float stepSize,
            Buffer newParam, Buffer newM, Buffer newV) {
        CpuOptimizerKernels.adam(param, grad, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, weightDecay, decoupled,
                decay, bc2, eps, stepSize, newParam, newM, newV);
    }

    @Override
    public void matmul(View a, View b, Buffer out) {
        Matmul.batched(a, b, ((CpuBuffer) out).data());
    }

    @Override
    public void conv2d(View x, View w, ConvGeometry g, Buffer out) {
        Convolution.forward(x, w, g, ((CpuBuffer) out).data(), pool);
    }

    @Override
    public void conv2dInputGrad(View dy, View w, ConvGeometry g, Buffer dx) {
        Convolution.inputGrad(dy, w, g, ((CpuBuffer) dx).data(), pool);
    }

    @Override
    public void conv2dWeightGrad(View x, View dy, ConvGeometry g, Buffer dw) {
        Convolution.weightGrad(x, dy, g, ((CpuBuffer) dw).data(), pool);
    }
}
