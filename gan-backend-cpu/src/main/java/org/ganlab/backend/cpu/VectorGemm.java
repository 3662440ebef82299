package org.ganlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product with the JDK's Vector API: a 4-row × 2-vector block of C stays in registers
 * while k runs, each row's a broadcast against two vectors of a packed panel of B. Every element of C is the
 * same chain as in {@link Matmul#rows}: {@code c = fma(a[i][p], b[p][j], c)} for p ascending from
 * c = 0, so both kernels give identical bits whatever the vector width.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Width of a column panel: two vectors (a 4×3 block measured slower here: 77 vs 90 GFLOP/s at 512³). */
    private static final int W = 2 * L;

    private VectorGemm() {
    }

    /** Per thread: B's current column panel, packed. */
    private static final ThreadLocal<float[][]> PANEL = ThreadLocal.withInitial(() -> new float[1][0]);

    /** Rows {@code [r0, r1)} of c = a·b (a m×k at ao, b k×n at bo, c at co, all row-major). */
    static void rows(float[] a, int ao, float[] b, int bo, float[] c, int co, int r0, int r1, int k, int n) {
        rows(a, ao, k, 1, b, bo, n, 1, c, co, r0, r1, k, n);
    }

    /**
     * The same with strided operands: a[i][p] at {@code ao + i·ars + p·acs}, b[p][j] at
     * {@code bo + p·brs + j·bcs} (a transposed view is just other strides: no copy).
     */
    static void rows(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int r0, int r1, int k, int n) {
        columns(a, ao, ars, acs, b, bo, brs, bcs, c, co, r0, r1, 0, panels(n), k, n);
    }

    /** Column panels of C: {@code W} wide, the last ones narrower (see {@link #panelStart}). */
    static int panels(int n) {
        return n / W + (n % W == 0 ? 0 : 1);
    }

    static int panelStart(int panel) {
        return panel * W;
    }

    /**
     * The same; with {@code add} each element's chain (still from 0) is added to what c holds, one
     * rounding, as a product into scratch and a sum would give: each panel goes to a scratch block
     * {@code [rows][W]}, then is added to c (the kernels keep plain stores, which the JIT compiles to
     * vector stores; an add inside them was measured to fall off the vector path).
     */
    static void columns(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int r0, int r1, int p0, int p1, int k, int n, boolean add) {
        if (!add) {
            columns(a, ao, ars, acs, b, bo, brs, bcs, c, co, r0, r1, p0, p1, k, n);
            return;
        }
        float[] block = new float[(r1 - r0) * W];
        for (int q = p0; q < p1; q++) {
            int j = panelStart(q);
            int width = Math.min(W, n - j);
            // the panel's rows r0.. into block[(i − r0)·W + (column − j)]
            columns(a, ao, ars, acs, b, bo, brs, bcs, block, -r0 * W, r0, r1, q, q + 1, k, W, j, n);
            for (int i = r0; i < r1; i++) {
                int from = (i - r0) * W;
                int to = co + i * n + j;
                int e = 0;
                for (; e + L <= width; e += L) {
                    FloatVector.fromArray(S, c, to + e).add(FloatVector.fromArray(S, block, from + e)).intoArray(c, to + e);
                }
                for (; e < width; e++) {
                    c[to + e] += block[from + e];
                }
            }
        }
    }

    /** Panels {@code [p0, p1)} of rows {@code [r0, r1)}: each panel of B is packed once, then swept by all rows. */
    static void columns(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int r0, int r1, int p0, int p1, int k, int n) {
        columns(a, ao, ars, acs, b, bo, brs, bcs, c, co, r0, r1, p0, p1, k, n, 0, n);
    }

    /**
     * The panels of b's {@code bn} columns, into c with row stride {@code n} at column {@code j − cShift}
     * (c may be a block narrower than b).
     */
    private static void columns(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c,
            int co, int r0, int r1, int p0, int p1, int k, int n, int cShift, int bn) {
        float[][] holder = PANEL.get();
        if (holder[0].length < W * k) {
            holder[0] = new float[W * k];
        }
        float[] panel = holder[0];
        int cBase = co - cShift;
        for (int q = p0; q < p1; q++) {
            int j = panelStart(q);
            int width = Math.min(W, bn - j);
            if (width == W) {
                pack(b, bo + j * bcs, brs, bcs, panel, k, W);
                sweep(a, ao, ars, acs, panel, c, cBase + j, r0, r1, k, n);
                continue;
            }
            // The last, narrower panel: packed with zero columns to the full width, computed into a
            // scratch block and its real columns copied out (each lane is its own chain: the same bits).
            pack(b, bo + j * bcs, brs, bcs, panel, k, width, W);
            float[] block = tail(r1 - r0);
            sweep(a, ao, ars, acs, panel, block, -r0 * W, r0, r1, k, W);
            for (int i = r0; i < r1; i++) {
                System.arraycopy(block, (i - r0) * W, c, cBase + i * n + j, width);
            }
        }
    }

    /** Rows {@code [r0, r1)} of a times a packed panel W wide, into c (rows n apart) at {@code cij + i·n}. */
    private static void sweep(float[] a, int ao, int ars, int acs, float[] panel, float[] c, int cij, int r0, int r1,
            int k, int n) {
        int i = r0;
        if (EIGHT_ROWS) {
            for (; i + 8 <= r1; i += 8) {
                block8x2(a, ao + i * ars, ars, acs, panel, c, cij + i * n, k, n);
            }
        }
        for (; i + 4 <= r1; i += 4) {
            block4x2(a, ao + i * ars, ars, acs, panel, c, cij + i * n, k, n);
        }
        for (; i < r1; i++) {
            block1x2(a, ao + i * ars, acs, panel, c, cij + i * n, k);
        }
    }

    /** Per thread: the scratch block of a narrower last panel. */
    private static final ThreadLocal<float[][]> TAIL = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] tail(int rows) {
        float[][] holder = TAIL.get();
        if (holder[0].length < rows * W) {
            holder[0] = new float[rows * W];
        }
        return holder[0];
    }

    /** Columns {@code width} wide from b into a panel {@code padded} wide, the rest of each row 0. */
    private static void pack(float[] b, int bo, int brs, int bcs, float[] panel, int k, int width, int padded) {
        for (int p = 0; p < k; p++) {
            int src = bo + p * brs;
            int row = p * padded;
            for (int q = 0; q < width; q++) {
                panel[row + q] = b[src + q * bcs];
            }
            java.util.Arrays.fill(panel, row + width, row + padded, 0f);
        }
    }

    /** Columns {@code width} wide from b, row after row, into a contiguous panel. */
    private static void pack(float[] b, int bo, int brs, int bcs, float[] panel, int k, int width) {
        for (int p = 0; p < k; p++) {
            int src = bo + p * brs;
            if (bcs == 1) {
                System.arraycopy(b, src, panel, p * width, width);
            } else {
                for (int q = 0; q < width; q++) {
                    panel[p * width + q] = b[src + q * bcs];
                }
            }
        }
    }

    /**
     * 8 rows by 2 vectors: 16 accumulators, which only fit the 32 vector registers of AVX-512 (with
     * AVX2's 16 they would spill, so narrower vectors keep the 4-row block).
     */
    private static final boolean EIGHT_ROWS = L >= 16;

    /** 8 rows of a times a packed panel 2L wide, as {@link #block4x2} twice but reading each panel row once. */
    private static void block8x2(float[] a, int a0, int ars, int acs, float[] b, float[] c, int cij, int k, int n) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0, bp = 0, ap = a0; p < k; p++, bp += W, ap += acs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6 * ars]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7 * ars]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cij);
        c01.intoArray(c, cij + L);
        c10.intoArray(c, cij + n);
        c11.intoArray(c, cij + n + L);
        c20.intoArray(c, cij + 2 * n);
        c21.intoArray(c, cij + 2 * n + L);
        c30.intoArray(c, cij + 3 * n);
        c31.intoArray(c, cij + 3 * n + L);
        c40.intoArray(c, cij + 4 * n);
        c41.intoArray(c, cij + 4 * n + L);
        c50.intoArray(c, cij + 5 * n);
        c51.intoArray(c, cij + 5 * n + L);
        c60.intoArray(c, cij + 6 * n);
        c61.intoArray(c, cij + 6 * n + L);
        c70.intoArray(c, cij + 7 * n);
        c71.intoArray(c, cij + 7 * n + L);
    }

    /** 4 rows of a (ars apart, elements acs apart) times a packed panel 2L wide; c rows n apart. */
    private static void block4x2(float[] a, int a0, int ars, int acs, float[] b, float[] c, int cij, int k, int n) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        for (int p = 0, bp = 0, ap = 0; p < k; p++, bp += W, ap += acs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
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

    private static void block1x2(float[] a, int a0, int acs, float[] b, float[] c, int cij, int k) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0, bp = 0; p < k; p++, bp += W) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
            c0 = x.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bp + L), c1);
        }
        c0.intoArray(c, cij);
        c1.intoArray(c, cij + L);
    }

    /** The vector width in floats (for thresholds). */
    static int lanes() {
        return L;
    }
}
