package org.ganlab.backend.cpu;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.ganlab.backend.View;

/**
 * Single-precision matrix product. Each output element is one fused multiply-add chain over k in
 * ascending order, {@code c = fma(a[i][p], b[p][j], c)} from c = 0, whatever the blocking, the
 * threading or the kernel ({@link VectorGemm} when the Vector API module is present, the loops here
 * otherwise): results are bit-identical for any core count, vector width or JVM flags.
 */
final class Matmul {

    /** The Vector API kernel, when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("gan.cpu.vector"));

    /**
     * Elementwise kernels use the Vector API from this length on; shorter arrays (every seed
     * network's: 1 to 128 floats) take the scalar loops, so vector code never runs before the JIT
     * has compiled it, where it costs far more than it saves. Never without the module.
     */
    static final int VECTOR_MIN_LENGTH = VECTOR ? 256 : Integer.MAX_VALUE;

    /** {@code -Dgan.cpu.threads=1} keeps every product on the calling thread (single-thread benchmarks). */
    static final String THREADS = "gan.cpu.threads";
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1L << 20;
    /** Up to this many multiply-adds a product is one plain loop over strided operands. */
    static final long TINY = 4096;
    private static final int K_BLOCK = 256;
    private static final int N_BLOCK = 512;
    private static final int ROWS_PER_TASK = 16;

    private Matmul() {
    }

    /** a {@code [batch..., m, k]} times b {@code [batch..., k, n]} into row-major {@code c}. */
    static void batched(View a, View b, float[] c) {
        int rank = a.rank();
        int m = a.shape()[rank - 2];
        int k = a.shape()[rank - 1];
        int n = b.shape()[rank - 1];
        int batches = c.length / Math.max(1, m * n);
        int[] batchShape = Arrays.copyOf(a.shape(), rank - 2);
        int[] aBatchStrides = Arrays.copyOf(a.strides(), rank - 2);
        int[] bBatchStrides = Arrays.copyOf(b.strides(), rank - 2);
        int[] ai = new int[rank - 2];
        int[] bi = new int[rank - 2];
        int aBase = a.offset();
        int bBase = b.offset();
        float[] ad = Strided.data(a);
        float[] bd = Strided.data(b);
        int ars = a.strides()[rank - 2];
        int acs = a.strides()[rank - 1];
        int brs = b.strides()[rank - 2];
        int bcs = b.strides()[rank - 1];
        for (int batch = 0; batch < batches; batch++) {
            product(ad, aBase, ars, acs, bd, bBase, brs, bcs, c, batch * m * n, m, k, n);
            aBase = Strided.advance(batchShape, aBatchStrides, ai, rank - 3, aBase);
            bBase = Strided.advance(batchShape, bBatchStrides, bi, rank - 3, bBase);
        }
    }

    /**
     * One product of strided operands (a[i][p] at {@code ao + i·ars + p·acs}, b[p][j] at
     * {@code bo + p·brs + j·bcs}) into row-major c at {@code co}: the vector kernel when the product
     * is wide enough, or as C^T = B^T A^T when it is narrow and tall; else the scalar kernel.
     */
    static void product(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int m, int k, int n) {
        long multiplyAdds = (long) m * k * n;
        if (VECTOR && n >= VectorGemm.lanes()) {
            // Split by column panels: each task packs only its own panels of B.
            parallel(VectorGemm.panels(n), 1, multiplyAdds, (q0, q1) ->
                    VectorGemm.columns(a, ao, ars, acs, b, bo, brs, bcs, c, co, 0, m, q0, q1, k, n));
            return;
        }
        if (VECTOR && m >= VectorGemm.lanes()) {
            // Narrow and tall (a net's 1- or 2-wide last layer): C^T = B^T A^T is wide, so the vector
            // kernel takes it; fma(b, a, s) rounds as fma(a, b, s), so the bits are the same.
            float[] ct = new float[n * m];
            VectorGemm.rows(b, bo, bcs, brs, a, ao, acs, ars, ct, 0, 0, n, k, m);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    c[co + i * n + j] = ct[j * m + i];
                }
            }
            return;
        }
        if (multiplyAdds <= TINY) {
            // The seed networks' narrowest products: read the strided operands in place, no copies.
            columns(a, ao, ars, acs, b, bo, brs, bcs, c, co, 0, m, 0, n, k, n);
            return;
        }
        float[] am = rowMajor(a, ao, ars, acs, m, k);
        float[] bm = rowMajor(b, bo, brs, bcs, k, n);
        int amo = am == a ? ao : 0;
        int bmo = bm == b ? bo : 0;
        parallel(m, ROWS_PER_TASK, multiplyAdds, (r0, r1) -> rows(am, amo, bm, bmo, c, co, r0, r1, k, n));
    }

    /**
     * {@code c += a·b}: each element's chain from 0, as {@link #product} computes it, then added to c
     * with one rounding.
     */
    static void productAdd(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int m, int k, int n) {
        float[] scratch = new float[m * n];
        product(a, ao, ars, acs, b, bo, brs, bcs, scratch, 0, m, k, n);
        for (int e = 0; e < scratch.length; e++) {
            c[co + e] += scratch[e];
        }
    }

    /** The matrix as row-major storage: its own array when it already is, else a copy. */
    private static float[] rowMajor(float[] data, int base, int rowStride, int colStride, int rows, int cols) {
        if ((colStride == 1 || cols == 1) && (rowStride == cols || rows == 1)) {
            return data;
        }
        float[] copy = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                copy[r * cols + q] = data[base + r * rowStride + q * colStride];
            }
        }
        return copy;
    }

    /** A range {@code [from, to)} of rows or column panels. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * {@code count} units in tasks of {@code perTask}: on the calling thread for small products (or
     * with gan.cpu.threads=1), else on the common pool. Each output element is computed by one task
     * in its fixed order, so the split changes no bit.
     */
    private static void parallel(int count, int perTask, long multiplyAdds, Range work) {
        int tasks = (count + perTask - 1) / perTask;
        if (multiplyAdds < PARALLEL_THRESHOLD || tasks < 2 || Integer.getInteger(THREADS, 0) == 1) {
            work.run(0, count);
            return;
        }
        IntStream.range(0, tasks).parallel().forEach(t -> work.run(t * perTask, Math.min(count, (t + 1) * perTask)));
    }

    /** Columns {@code [j0, j1)} of rows {@code [r0, r1)}, strided operands: one chain per element (kernel tails). */
    static void columns(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int r0, int r1, int j0, int j1, int k, int n) {
        for (int i = r0; i < r1; i++) {
            for (int j = j0; j < j1; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ao + i * ars + p * acs], b[bo + p * brs + j * bcs], s);
                }
                c[co + i * n + j] = s;
            }
        }
    }

    /** Rows {@code [r0, r1)} of c, blocked over k and n so a slab of b stays in cache. */
    static void rows(float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1, int k, int n) {
        Arrays.fill(c, co + r0 * n, co + r1 * n, 0f);
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
                int j1 = Math.min(n, j0 + N_BLOCK);
                for (int i = r0; i < r1; i++) {
                    int ci = co + i * n;
                    int ai = ao + i * k;
                    for (int p = p0; p < p1; p++) {
                        float aip = a[ai + p];
                        int bp = bo + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                        }
                    }
                }
            }
        }
    }
}
