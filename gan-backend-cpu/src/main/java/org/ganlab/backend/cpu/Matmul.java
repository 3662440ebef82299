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

    /** {@code -Dgan.cpu.threads=1} keeps every product on the calling thread (single-thread benchmarks). */
    static final String THREADS = "gan.cpu.threads";
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1L << 20;
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
        for (int batch = 0; batch < batches; batch++) {
            float[] am = rowMajor(a, aBase, m, k);
            float[] bm = rowMajor(b, bBase, k, n);
            gemm(am, am == Strided.data(a) ? aBase : 0, bm, bm == Strided.data(b) ? bBase : 0, c, batch * m * n, m, k, n);
            aBase = Strided.advance(batchShape, aBatchStrides, ai, rank - 3, aBase);
            bBase = Strided.advance(batchShape, bBatchStrides, bi, rank - 3, bBase);
        }
    }

    /** The matrix at {@code base} as row-major storage: the view's own array when it already is, else a copy. */
    private static float[] rowMajor(View v, int base, int rows, int cols) {
        int rank = v.rank();
        int rowStride = v.strides()[rank - 2];
        int colStride = v.strides()[rank - 1];
        float[] data = Strided.data(v);
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

    static void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        boolean vector = VECTOR && n >= VectorGemm.lanes();
        if ((long) m * k * n < PARALLEL_THRESHOLD || m < 2 * ROWS_PER_TASK || Integer.getInteger(THREADS, 0) == 1) {
            kernel(vector, a, ao, b, bo, c, co, 0, m, k, n);
            return;
        }
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(t ->
                kernel(vector, a, ao, b, bo, c, co, t * ROWS_PER_TASK, Math.min(m, (t + 1) * ROWS_PER_TASK), k, n));
    }

    private static void kernel(boolean vector, float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1,
            int k, int n) {
        if (vector) {
            VectorGemm.rows(a, ao, b, bo, c, co, r0, r1, k, n);
        } else {
            rows(a, ao, b, bo, c, co, r0, r1, k, n);
        }
    }

    /** Columns {@code [j0, j1)} of rows {@code [r0, r1)}: one dot-product chain per element (kernel tails). */
    static void columns(float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1, int j0, int j1, int k,
            int n) {
        for (int i = r0; i < r1; i++) {
            for (int j = j0; j < j1; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ao + i * k + p], b[bo + p * n + j], s);
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
