package org.ganlab.backend.cpu;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.ganlab.backend.View;

/**
 * Single-precision matrix product. Each output element sums its k products in ascending order
 * whatever the blocking or threading, so results are bit-identical for any core count.
 */
final class Matmul {

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
        Arrays.fill(c, co, co + m * n, 0f);
        if ((long) m * k * n < PARALLEL_THRESHOLD || m < 2 * ROWS_PER_TASK) {
            rows(a, ao, b, bo, c, co, 0, m, k, n);
            return;
        }
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(t ->
                rows(a, ao, b, bo, c, co, t * ROWS_PER_TASK, Math.min(m, (t + 1) * ROWS_PER_TASK), k, n));
    }

    /** Rows {@code [r0, r1)} of c, blocked over k and n so a slab of b stays in cache. */
    static void rows(float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1, int k, int n) {
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
                            c[ci + j] += aip * b[bp + j];
                        }
                    }
                }
            }
        }
    }
}
