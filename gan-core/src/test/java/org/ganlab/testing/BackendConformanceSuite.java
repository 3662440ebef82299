package org.ganlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;
import org.ganlab.tensor.Convolutions;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Shapes;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * What every backend must compute: each primitive against {@link ReferenceBackend} on contiguous,
 * transposed, offset and broadcast views, over edge shapes (rank 0, 1×1, 1×N, N×1, rank 3), and
 * the derived tensor API on top. Exact where IEEE float32 fixes the answer (arithmetic,
 * comparisons, copies); within a stated tolerance for transcendentals, sums and products.
 */
public abstract class BackendConformanceSuite extends BackendTestBase {

    /** Relative tolerance of transcendental kernels (a few float32 ulps). */
    protected static final double TRANSCENDENTAL_TOLERANCE = 1e-6;
    /** Relative tolerance of a sum or dot product of k terms, per sqrt(k), against their absolute sum. */
    protected static final double ACCUMULATION_TOLERANCE = 2e-6;

    static final int[][] SHAPES = {{}, {1}, {7}, {1, 1}, {1, 5}, {5, 1}, {3, 4}, {2, 3, 4}, {4, 1, 3}, {33, 65}};

    private final Backend reference = new ReferenceBackend();
    private final Rng rng = new Rng(20261122);

    /** A logical view laid out in storage some way, so the same case can be built on two backends. */
    record Operand(String layout, float[] storage, int[] shape, int[] strides, int offset) {
        View on(Backend backend) {
            return new View(backend.upload(storage), shape, strides, offset);
        }

        @Override
        public String toString() {
            return layout + Arrays.toString(shape);
        }
    }

    /** Contiguous, offset, transposed storage and broadcast (stride 0) layouts of one logical shape. */
    List<Operand> layouts(int[] shape, float low, float high) {
        List<Operand> out = new ArrayList<>();
        int size = View.contiguous(null, shape).size();
        out.add(new Operand("contiguous", random(size, low, high), shape, View.contiguousStrides(shape), 0));
        float[] shifted = random(size + 3, low, high);
        out.add(new Operand("offset", shifted, shape, View.contiguousStrides(shape), 3));
        if (shape.length >= 2) {
            int r = shape.length;
            int[] swapped = shape.clone();
            swapped[r - 2] = shape[r - 1];
            swapped[r - 1] = shape[r - 2];
            int[] strides = View.contiguousStrides(swapped);
            int t = strides[r - 2];
            strides[r - 2] = strides[r - 1];
            strides[r - 1] = t;
            out.add(new Operand("transposed", random(size, low, high), shape, strides, 0));
        }
        if (shape.length >= 1 && shape[0] > 1) {
            int[] one = shape.clone();
            one[0] = 1;
            int[] strides = View.contiguousStrides(one);
            strides[0] = 0;
            out.add(new Operand("broadcast", random(size / shape[0], low, high), shape, strides, 0));
        }
        return out;
    }

    float[] random(int n, float low, float high) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = rng.uniform(low, high);
        }
        return data;
    }

    interface Kernel {
        void run(Backend backend, Buffer out);
    }

    /** Runs the kernel on both backends and compares element by element. */
    void compare(String what, int outSize, Kernel kernel, double relTolerance, double[] scale) {
        Buffer expectedOut = reference.allocate(outSize);
        kernel.run(reference, expectedOut);
        Buffer actualOut = backend().allocate(outSize);
        kernel.run(backend(), actualOut);
        float[] expected = reference.download(expectedOut);
        float[] actual = backend().download(actualOut);
        assertEquals(outSize, actual.length, what + ": output size");
        for (int i = 0; i < outSize; i++) {
            double tolerance = relTolerance * (scale == null ? Math.abs(expected[i]) : scale[i]);
            boolean same = Float.compare(expected[i], actual[i]) == 0
                    || Math.abs(expected[i] - actual[i]) <= tolerance
                    || (Float.isNaN(expected[i]) && Float.isNaN(actual[i]));
            if (!same) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    @Test
    void uploadAndDownloadRoundTrip() {
        float[] data = random(10, -5, 5);
        Buffer b = backend().upload(data);
        assertEquals(10, b.size());
        data[0] = 99;
        assertEquals(10, backend().download(b).length);
        assertEquals(false, backend().download(b)[0] == 99f, "upload must copy");
        assertEquals(7, backend().allocate(7).size());
    }

    @Test
    void unaryKernelsMatchReference() {
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
            boolean exact = op == UnaryOp.COPY || op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN;
            for (int[] shape : SHAPES) {
                for (Operand x : layouts(shape, positive ? 0.01f : -4f, 4f)) {
                    compare(op + " on " + x, View.contiguous(null, shape).size(),
                            (b, out) -> b.unary(op, x.on(b), out), exact ? 0 : TRANSCENDENTAL_TOLERANCE, null);
                }
            }
        }
    }

    @Test
    void unaryKernelsAtSpecialValues() {
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 50f, -50f, 100f, -100f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN};
        Operand x = new Operand("special", special, new int[] {special.length}, new int[] {1}, 0);
        for (UnaryOp op : UnaryOp.values()) {
            compare(op + " at special values", special.length, (b, out) -> b.unary(op, x.on(b), out),
                    TRANSCENDENTAL_TOLERANCE, null);
        }
    }

    @Test
    void binaryKernelsMatchReference() {
        for (BinaryOp op : BinaryOp.values()) {
            float low = op == BinaryOp.POW ? 0.1f : -3f;
            for (int[] shape : SHAPES) {
                List<Operand> as = layouts(shape, low, 3f);
                List<Operand> bs = layouts(shape, op == BinaryOp.DIV ? 0.5f : low, 3f);
                for (Operand a : as) {
                    for (Operand b : bs) {
                        compare(op + " on " + a + ", " + b, View.contiguous(null, shape).size(),
                                (be, out) -> be.binary(op, a.on(be), b.on(be), out),
                                op == BinaryOp.POW ? TRANSCENDENTAL_TOLERANCE : 0, null);
                    }
                    for (float s : new float[] {0f, 1f, 2f, -1.5f, 0.5f, 3f}) {
                        if (op == BinaryOp.DIV && s == 0f) {
                            continue;
                        }
                        compare(op + " on " + a + " with " + s, View.contiguous(null, shape).size(),
                                (be, out) -> be.binary(op, a.on(be), s, out),
                                op == BinaryOp.POW ? TRANSCENDENTAL_TOLERANCE : 0, null);
                    }
                }
            }
        }
    }

    @Test
    void comparisonsAreMasksAndTiesAreHandled() {
        Operand a = new Operand("a", new float[] {1, 2, 3, Float.NaN}, new int[] {4}, new int[] {1}, 0);
        Operand b = new Operand("b", new float[] {2, 2, 2, 1}, new int[] {4}, new int[] {1}, 0);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.LT, BinaryOp.GT, BinaryOp.EQ, BinaryOp.MAX, BinaryOp.MIN}) {
            compare(op + " with ties and NaN", 4, (be, out) -> be.binary(op, a.on(be), b.on(be), out), 0, null);
        }
    }

    @Test
    void reductionsMatchReference() {
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] shape : SHAPES) {
                for (Operand x : layouts(shape, -2f, 2f)) {
                    for (int mask = 0; mask < (1 << shape.length) || mask == 0; mask++) {
                        int[] outShape = shape.clone();
                        int reduced = 1;
                        for (int d = 0; d < shape.length; d++) {
                            if ((mask & (1 << d)) != 0) {
                                reduced *= shape[d];
                                outShape[d] = 1;
                            }
                        }
                        int outSize = View.contiguous(null, outShape).size();
                        double[] scale = new double[outSize];
                        Arrays.fill(scale, 2.0 * reduced / Math.sqrt(Math.max(1, reduced)));
                        compare(op + " of " + x + " to " + Arrays.toString(outShape), outSize,
                                (b, out) -> b.reduce(op, x.on(b), outShape, out),
                                op == ReduceOp.SUM ? ACCUMULATION_TOLERANCE : 0, op == ReduceOp.SUM ? scale : null);
                        if (shape.length == 0) {
                            break;
                        }
                    }
                }
            }
        }
    }

    @Test
    void matmulMatchesReference() {
        int[][] mkn = {{1, 1, 1}, {1, 4, 3}, {1, 5, 1}, {5, 1, 5}, {4, 3, 1}, {7, 13, 5}, {16, 16, 16},
            {33, 65, 17}, {130, 70, 120}};
        for (int[] dims : mkn) {
            int m = dims[0];
            int k = dims[1];
            int n = dims[2];
            for (Operand a : layouts(new int[] {m, k}, -1f, 1f)) {
                for (Operand b : layouts(new int[] {k, n}, -1f, 1f)) {
                    double[] scale = new double[m * n];
                    Arrays.fill(scale, k / Math.sqrt(k));
                    compare("matmul " + a + " x " + b, m * n, (be, out) -> be.matmul(a.on(be), b.on(be), out),
                            ACCUMULATION_TOLERANCE, scale);
                }
            }
        }
    }

    @Test
    void batchedMatmulMatchesReference() {
        int[][] shapes = {{2, 3, 4, 5}, {1, 1, 1, 1}, {3, 1, 6, 2}, {4, 64, 32, 48}};
        for (int[] s : shapes) {
            int batch = s[0];
            int m = s[1];
            int k = s[2];
            int n = s[3];
            for (Operand a : layouts(new int[] {batch, m, k}, -1f, 1f)) {
                for (Operand b : layouts(new int[] {batch, k, n}, -1f, 1f)) {
                    double[] scale = new double[batch * m * n];
                    Arrays.fill(scale, k / Math.sqrt(k));
                    compare("batched matmul " + a + " x " + b, batch * m * n,
                            (be, out) -> be.matmul(a.on(be), b.on(be), out), ACCUMULATION_TOLERANCE, scale);
                }
            }
        }
    }

    @Test
    void kernelsAreDeterministic() {
        Operand a = layouts(new int[] {200, 150}, -1, 1).get(0);
        Operand b = layouts(new int[] {150, 170}, -1, 1).get(2);
        Buffer first = backend().allocate(200 * 170);
        Buffer second = backend().allocate(200 * 170);
        backend().matmul(a.on(backend()), b.on(backend()), first);
        backend().matmul(a.on(backend()), b.on(backend()), second);
        assertArrayEquals(backend().download(first), backend().download(second));
        Buffer sum1 = backend().allocate(1);
        Buffer sum2 = backend().allocate(1);
        backend().reduce(ReduceOp.SUM, a.on(backend()), new int[] {1, 1}, sum1);
        backend().reduce(ReduceOp.SUM, a.on(backend()), new int[] {1, 1}, sum2);
        assertArrayEquals(backend().download(sum1), backend().download(sum2));
    }

    // ---------------------------------------------------------------- the tensor API on this backend

    /** Evaluates the same tensor expression on this backend and on the reference, from the same data. */
    void compareTensors(String what, java.util.function.Function<Tensor[], Tensor> f, int[]... shapes) {
        float[][] data = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            data[i] = random(View.contiguous(null, shapes[i]).size(), -2, 2);
        }
        float[] expected = evaluate(reference, f, data, shapes);
        float[] actual = evaluate(backend(), f, data, shapes);
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + " element " + i);
        }
    }

    private static float[] evaluate(Backend b, java.util.function.Function<Tensor[], Tensor> f, float[][] data,
            int[][] shapes) {
        Tensor[] inputs = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            inputs[i] = Tensor.of(b, data[i], shapes[i]);
        }
        return f.apply(inputs).toFloatArray();
    }

    @Test
    void broadcastingFollowsNumpyRules() {
        compareTensors("[3,1] + [1,4]", t -> t[0].add(t[1]), new int[] {3, 1}, new int[] {1, 4});
        compareTensors("[2,3,4] * [4]", t -> t[0].mul(t[1]), new int[] {2, 3, 4}, new int[] {4});
        compareTensors("[] - [2,3]", t -> t[0].sub(t[1]), new int[] {}, new int[] {2, 3});
        compareTensors("[5,1,3] max [4,1]", t -> t[0].maximum(t[1]), new int[] {5, 1, 3}, new int[] {4, 1});
        compareTensors("[1,5] / [5,1]", t -> t[0].div(t[1].abs().add(1)), new int[] {1, 5}, new int[] {5, 1});
    }

    @Test
    void derivedOpsMatchReference() {
        int[] s = {4, 6};
        compareTensors("relu", t -> t[0].relu(), s);
        compareTensors("leakyRelu", t -> t[0].leakyRelu(0.2f), s);
        compareTensors("clamp", t -> t[0].clamp(-0.5f, 0.7f), s);
        compareTensors("pow 3", t -> t[0].pow(3), s);
        compareTensors("ge/le/ne", t -> t[0].ge(0.1f).add(t[0].le(-0.1f)).add(t[0].ne(t[0].transpose().transpose())), s);
        compareTensors("mean over axis", t -> t[0].mean(1, false), s);
        compareTensors("amax", t -> t[0].amax(new int[] {0}, true), s);
        compareTensors("transpose matmul", t -> t[0].transpose().matmul(t[1]), s, new int[] {4, 3});
        compareTensors("reshape of transpose", t -> t[0].transpose().reshape(2, -1), s);
        compareTensors("rank-3 @ rank-2", t -> t[0].matmul(t[1]), new int[] {2, 3, 4}, new int[] {4, 5});
    }

    @Test
    void memoryScopeFreesWhatItAllocatedAndKeepsTheRest() {
        Tensor outside = Tensor.of(random(300, -1, 1), 300);
        Tensor dropped;
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            dropped = outside.mul(2f);
            kept = MemoryScope.keep(outside.add(1f));
            assertEquals(1, scope.owned());
        }
        float[] x = outside.toFloatArray();
        float[] k = kept.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] + 1f, k[i], "kept element " + i);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, dropped::toFloatArray);
        assertTrue(e.getMessage().contains("used after close"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> dropped.add(1f));
    }

    @Test
    void reusedStorageGivesTheSameBits() {
        Tensor w = Tensor.of(random(32 * 64, -1, 1), 32, 64).requiresGrad(true);
        Tensor x = Tensor.of(random(64 * 16, -1, 1), 64, 16);
        float[] first = null;
        for (int round = 0; round < 4; round++) {
            try (MemoryScope scope = MemoryScope.open()) {
                w.setGrad(null);
                Tensor y = w.matmul(x).sigmoid().mul(x.sum(1, true).transpose().expand(32, 64).matmul(x)).sum();
                y.backward();
                float[] grad = w.grad().toFloatArray();
                if (round == 0) {
                    first = grad;
                } else {
                    assertArrayEquals(first, grad, "round " + round);
                }
                // Nested: the inner scope frees its own buffers only.
                try (MemoryScope inner = MemoryScope.open()) {
                    w.grad().mul(3f);
                    assertEquals(1, inner.owned());
                }
                assertArrayEquals(grad, w.grad().toFloatArray());
            }
        }
        w.setGrad(null);
    }

    @Test
    void assignedValuesOutliveTheScope() {
        Tensor p = Tensor.of(random(400, -1, 1), 20, 20).requiresGrad(true);
        float[] before = p.toFloatArray();
        try (MemoryScope scope = MemoryScope.open()) {
            try (var noGrad = org.ganlab.autograd.GradMode.noGrad()) {
                p.assign(p.mul(0.5f).add(1f));
            }
        }
        float[] after = p.toFloatArray();
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] * 0.5f + 1f, after[i], "element " + i);
        }
    }

    @Test
    void fusedRectifiersGiveTheComposedBitsForwardAndBackward() {
        float[] special = {0f, -0f, 1e-45f, -1e-45f, 3f, -3f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] values = java.util.Arrays.copyOf(special, special.length + 308);
        System.arraycopy(random(308, -4, 4), 0, values, special.length, 308);
        for (float slope : new float[] {0.01f, 0.2f, 0.3f, 0.7f, 1e-3f}) {
            assertRectifierBits("leakyRelu(" + slope + ")", values, x -> x.leakyRelu(slope),
                    x -> x.mul(x.gt(0f).mul(1f - slope).add(slope)));
        }
        assertRectifierBits("relu", values, Tensor::relu, x -> x.mul(x.gt(0f)));
    }

    private void assertRectifierBits(String what, float[] values, java.util.function.UnaryOperator<Tensor> fused,
            java.util.function.UnaryOperator<Tensor> composed) {
        int n = values.length;
        float[] upstream = random(n, -2, 2);
        float[][] results = new float[2][];
        float[][] grads = new float[2][];
        int i = 0;
        for (var f : java.util.List.of(fused, composed)) {
            // A transposed input, so the strided read is covered too.
            Tensor x = Tensor.of(values, n / 11, 11).transpose().requiresGrad(false);
            Tensor leaf = Tensor.of(values, n / 11, 11).requiresGrad(true);
            Tensor y = f.apply(leaf.transpose());
            y.backward(Tensor.of(upstream, 11, n / 11));
            results[i] = f.apply(x).toFloatArray();
            grads[i] = leaf.grad().toFloatArray();
            i++;
        }
        for (int k = 0; k < results[0].length; k++) {
            assertEquals(Float.floatToRawIntBits(results[1][k]), Float.floatToRawIntBits(results[0][k]), what + " value " + k);
            assertEquals(Float.floatToRawIntBits(grads[1][k]), Float.floatToRawIntBits(grads[0][k]), what + " gradient " + k);
        }
    }

    @Test
    void linearLayersGiveTheComposedBitsForwardAndBackward() {
        for (int[] s : new int[][] {{1, 4, 3}, {32, 1, 2}, {37, 70, 50}, {64, 128, 33}}) {
            int batch = s[0];
            int in = s[1];
            int out = s[2];
            float[] xs = random(batch * in, -2, 2);
            float[] ws = random(out * in, -1, 1);
            float[] bs = random(out, -1, 1);
            float[] upstream = random(batch * out, -1, 1);
            float[][][] results = new float[2][][];
            for (int way = 0; way < 2; way++) {
                // x as a transposed view, so a strided input is covered too.
                Tensor xStore = Tensor.of(xs, in, batch).requiresGrad(true);
                Tensor w = Tensor.of(ws, out, in).requiresGrad(true);
                Tensor b = Tensor.of(bs, out).requiresGrad(true);
                Tensor x = xStore.transpose();
                Tensor y = way == 0 ? x.linear(w, b) : x.matmul(w.transpose()).add(b);
                y.backward(Tensor.of(upstream, batch, out));
                // without bias (Linear(bias = false)): its own rule, which stores the weight gradient contiguous
                Tensor w2 = Tensor.of(ws, out, in).requiresGrad(true);
                Tensor y2 = way == 0 ? x.linear(w2) : x.matmul(w2.transpose());
                y2.backward(Tensor.of(upstream, batch, out));
                if (way == 0) {
                    assertTrue(w2.grad().view().isContiguous(), "a bias-free linear layer's weight gradient is contiguous");
                }
                results[way] = new float[][] {y.toFloatArray(), xStore.grad().toFloatArray(), w.grad().toFloatArray(),
                    b.grad().toFloatArray(), y2.toFloatArray(), w2.grad().toFloatArray()};
            }
            String[] what = {"value", "x gradient", "weight gradient", "bias gradient", "bias-free value",
                "bias-free weight gradient"};
            for (int r = 0; r < what.length; r++) {
                for (int i = 0; i < results[0][r].length; i++) {
                    assertEquals(Float.floatToRawIntBits(results[1][r][i]), Float.floatToRawIntBits(results[0][r][i]),
                            java.util.Arrays.toString(s) + " " + what[r] + " " + i);
                }
            }
        }
    }

    /** Geometries of the image layers: strides, padding, odd and rectangular sizes and kernels, a batch. */
    static final ConvGeometry[] CONVOLUTIONS = {
        new ConvGeometry(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0),
        new ConvGeometry(2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1),
        new ConvGeometry(3, 2, 9, 8, 5, 4, 4, 2, 2, 1, 1),
        new ConvGeometry(2, 4, 7, 5, 3, 3, 2, 2, 1, 0, 1),
        new ConvGeometry(2, 16, 14, 14, 8, 4, 4, 2, 2, 1, 1),
        new ConvGeometry(1, 1, 4, 4, 2, 4, 4, 3, 3, 2, 2),
        // 12 outputs (8 + 4 rows of a kernel block), 27 and 44 wide (vector panels and scalar tails)
        new ConvGeometry(5, 3, 11, 9, 12, 3, 3, 1, 2, 1, 0),
        // 6 outputs (4 + 2 rows), 18 patch elements (one narrow panel)
        new ConvGeometry(3, 2, 6, 7, 6, 3, 3, 1, 1, 1, 1)};

    /** The three convolution kernels give the contract's bits: the same as the reference's, exactly. */
    @Test
    void convolutionKernelsGiveTheContractsBits() {
        for (ConvGeometry g : CONVOLUTIONS) {
            int inSize = Shapes.size(g.inputShape());
            int weightSize = Shapes.size(g.weightShape());
            int outSize = Shapes.size(g.outputShape());
            float[] x = random(inSize + 2, -2, 2);
            float[] w = random(weightSize + 1, -1, 1);
            float[] dy = random(outSize + 3, -1, 1);
            // offset views: gan-core hands contiguous operands, not necessarily at the buffer's start
            Operand xo = new Operand("offset", x, g.inputShape(), View.contiguousStrides(g.inputShape()), 2);
            Operand wo = new Operand("offset", w, g.weightShape(), View.contiguousStrides(g.weightShape()), 1);
            Operand dyo = new Operand("offset", dy, g.outputShape(), View.contiguousStrides(g.outputShape()), 3);
            compare("conv2d " + g, outSize, (b, o) -> b.conv2d(xo.on(b), wo.on(b), g, o), 0, null);
            compare("conv2d input gradient " + g, inSize, (b, o) -> b.conv2dInputGrad(dyo.on(b), wo.on(b), g, o), 0, null);
            compare("conv2d weight gradient " + g, weightSize, (b, o) -> b.conv2dWeightGrad(xo.on(b), dyo.on(b), g, o), 0,
                    null);
        }
    }

    /** A transposed convolution is the convolution's adjoint: <conv(x), y> = <x, convᵀ(y)>. */
    @Test
    void aTransposedConvolutionIsTheAdjointOfTheConvolution() {
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 3, 7, 6);
        Tensor w = Tensor.uniform(rng, -1, 1, 4, 3, 3, 3);
        Tensor y = Convolutions.conv2d(x, w, 2, 2, 1, 1);
        Tensor r = Tensor.uniform(rng, -1, 1, y.shape());
        Tensor back = Convolutions.convTranspose2d(r, w, 2, 2, 1, 1, 0, 1);
        assertEquals(Arrays.toString(x.shape()), Arrays.toString(back.shape()));
        assertEquals(y.mul(r).sum().item(), x.mul(back).sum().item(), 1e-4);
    }
}
