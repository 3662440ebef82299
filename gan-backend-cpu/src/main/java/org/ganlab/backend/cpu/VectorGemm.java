package org.ganlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product with the JDK's Vector API: a 4-row × 2-vector block of C stays in registers
 * while k runs, each row's a broadcast against two vectors of B's row. Every element of C is the
 * same chain as in {@link Matmul#rows}: {@code c = fma(a[i][p], b[p][j], c)} for p ascending from
 * c = 0, so both kernels give identical bits whatever the vector width.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorGemm() {
    }

    /** Per thread: B's current column panel, packed. */
    private static final ThreadLocal<float[][]> PANEL = ThreadLocal.withInitial(() -> new float[1][0]);

    /** Rows {@code [r0, r1)} of c = a·b (a m×k at ao, b k×n at bo, c at co, all row-major). */
    static void rows(float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1, int k, int n) {
        int j = 0;
        float[][] holder = PANEL.get();
        if (holder[0].length < 2 * L * k) {
            holder[0] = new float[2 * L * k];
        }
        float[] panel = holder[0];
        for (; j + 2 * L <= n; j += 2 * L) {
            // B's 2L columns from j, row after row, contiguous: the kernel then streams them, where
            // reading them in place would stride n floats per row (cache and TLB misses for large n).
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bo + p * n + j, panel, p * 2 * L, 2 * L);
            }
            int i = r0;
            for (; i + 4 <= r1; i += 4) {
                block4x2(a, ao + i * k, panel, 0, c, co + i * n + j, k, 2 * L, n);
            }
            for (; i < r1; i++) {
                block1x2(a, ao + i * k, panel, 0, c, co + i * n + j, k, 2 * L, n);
            }
        }
        for (; j + L <= n; j += L) {
            for (int i = r0; i < r1; i++) {
                block1x1(a, ao + i * k, b, bo + j, c, co + i * n + j, k, n);
            }
        }
        if (j < n) {
            Matmul.columns(a, ao, b, bo, c, co, r0, r1, j, n, k, n);
        }
    }

    /** {@code b} rows are {@code bStride} apart, {@code c} rows {@code n} apart. */
    private static void block4x2(float[] a, int a0, float[] b, int bj, float[] c, int cij, int k, int bStride, int n) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = 0, bp = bj; p < k; p++, bp += bStride) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + L);
        c10.intoArray(c, cij + n);
        c11.intoArray(c, cij + n + L);
        c20.intoArray(c, cij + 2 * n);
        c21.intoArray(c, cij + 2 * n + L);
        c30.intoArray(c, cij + 3 * n);
        c31.intoArray(c, cij + 3 * n + L);
    }

    private static void block1x2(float[] a, int a0, float[] b, int bj, float[] c, int cij, int k, int bStride, int n) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0, bp = bj; p < k; p++, bp += bStride) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
        }
        c0.intoArray(c, cij);
        c1.intoArray(c, cij + L);
    }

    private static void block1x1(float[] a, int a0, float[] b, int bj, float[] c, int cij, int k, int n) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0, bp = bj; p < k; p++, bp += n) {
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bp), c0);
        }
        c0.intoArray(c, cij);
    }

    /** The vector width in floats (for thresholds). */
    static int lanes() {
        return L;
    }
}
