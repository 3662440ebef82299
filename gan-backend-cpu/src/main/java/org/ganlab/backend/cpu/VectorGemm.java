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

    /** Panels {@code [p0, p1)} of rows {@code [r0, r1)}: each panel of B is packed once, then swept by all rows. */
    static void columns(float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, int bcs, float[] c, int co,
            int r0, int r1, int p0, int p1, int k, int n) {
        float[][] holder = PANEL.get();
        if (holder[0].length < W * k) {
            holder[0] = new float[W * k];
        }
        float[] panel = holder[0];
        for (int q = p0; q < p1; q++) {
            int j = panelStart(q);
            int width = Math.min(W, n - j);
            pack(b, bo + j * bcs, brs, bcs, panel, k, width);
            if (width == W) {
                sweep(a, ao, ars, acs, panel, c, co + j, r0, r1, k, n);
                continue;
            }
            // The last, narrower panel, packed with zero columns to the full width: computed into a
            // scratch block and its real columns copied out (each lane is its own chain: the same bits).
            float[] block = tail(r1 - r0);
            sweep(a, ao, ars, acs, panel, block, -r0 * W, r0, r1, k, W);
            for (int i = r0; i < r1; i++) {
                System.arraycopy(block, (i - r0) * W, c, co + i * n + j, width);
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

    /** Columns {@code width} wide from b, row after row, into a panel W wide, the rest of each row 0. */
    private static void pack(float[] b, int bo, int brs, int bcs, float[] panel, int k, int width) {
        for (int p = 0; p < k; p++) {
            int src = bo + p * brs;
            int row = p * W;
            if (bcs == 1) {
                System.arraycopy(b, src, panel, row, width);
            } else {
                for (int q = 0; q < width; q++) {
                    panel[row + q] = b[src + q * bcs];
                }
            }
            java.util.Arrays.fill(panel, row + width, row + W, 0f);
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

    /** The width of {@link #sumOfProducts}' panels: the kernel's column block. */
    static int panelWidth() {
        return W;
    }

    /**
     * {@code c[i][j] = c[i][j] + P_0 + P_1 + …}, added in that order, where
     * {@code P_t = Σ_s a_t[i][s]·b_t[s][j]} is one fused multiply-add chain from 0 over s ascending:
     * a sum of products, each product's bits those of {@link Matmul#product}. a_t[i][s] is at
     * {@code ao + t·ats + i·ars + s}; b_t comes packed, panel after panel W wide (zero-padded), each
     * panel holding the products' rows one after another: b_t[s][q·W + u] at
     * {@code (q·count·len + t·len + s)·W + u}. The running sum stays in registers across the products
     * (a convolution's weight gradient, summed over the images, makes one pass over c instead of one
     * per image).
     */
    static void sumOfProducts(float[] a, int ao, int ats, int ars, int count, int len, float[] panels, float[] c,
            int m, int n) {
        float[] edge = new float[4 * W];
        for (int q = 0; q < panels(n); q++) {
            int j = panelStart(q);
            int width = Math.min(W, n - j);
            int panel = q * count * len * W;
            for (int i = 0; i < m; i += 4) {
                int rows = Math.min(4, m - i);
                if (rows == 4 && width == W) {
                    sumBlock4x2(a, ao + i * ars, ats, ars, count, len, panels, panel, c, i * n + j, n);
                    continue;
                }
                // a block at the edge: through a full-size scratch block, then its real part back
                for (int r = 0; r < 4; r++) {
                    java.util.Arrays.fill(edge, r * W, (r + 1) * W, 0f);
                    if (r < rows) {
                        System.arraycopy(c, (i + r) * n + j, edge, r * W, width);
                    }
                }
                if (rows == 4) {
                    sumBlock4x2(a, ao + i * ars, ats, ars, count, len, panels, panel, edge, 0, W);
                } else {
                    for (int r = 0; r < rows; r++) {
                        sumBlock1x2(a, ao + (i + r) * ars, ats, count, len, panels, panel, edge, r * W);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(edge, r * W, c, (i + r) * n + j, width);
                }
            }
        }
    }

    private static void sumBlock4x2(float[] a, int a0, int ats, int ars, int count, int len, float[] b, int panel,
            float[] c, int cij, int n) {
        FloatVector s00 = FloatVector.fromArray(S, c, cij);
        FloatVector s01 = FloatVector.fromArray(S, c, cij + L);
        FloatVector s10 = FloatVector.fromArray(S, c, cij + n);
        FloatVector s11 = FloatVector.fromArray(S, c, cij + n + L);
        FloatVector s20 = FloatVector.fromArray(S, c, cij + 2 * n);
        FloatVector s21 = FloatVector.fromArray(S, c, cij + 2 * n + L);
        FloatVector s30 = FloatVector.fromArray(S, c, cij + 3 * n);
        FloatVector s31 = FloatVector.fromArray(S, c, cij + 3 * n + L);
        for (int t = 0; t < count; t++) {
            FloatVector p00 = FloatVector.zero(S);
            FloatVector p01 = FloatVector.zero(S);
            FloatVector p10 = FloatVector.zero(S);
            FloatVector p11 = FloatVector.zero(S);
            FloatVector p20 = FloatVector.zero(S);
            FloatVector p21 = FloatVector.zero(S);
            FloatVector p30 = FloatVector.zero(S);
            FloatVector p31 = FloatVector.zero(S);
            int at = a0 + t * ats;
            int bp = panel + t * len * W;
            for (int s = 0; s < len; s++, at++, bp += W) {
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[at]);
                p00 = x.fma(b0, p00);
                p01 = x.fma(b1, p01);
                x = FloatVector.broadcast(S, a[at + ars]);
                p10 = x.fma(b0, p10);
                p11 = x.fma(b1, p11);
                x = FloatVector.broadcast(S, a[at + 2 * ars]);
                p20 = x.fma(b0, p20);
                p21 = x.fma(b1, p21);
                x = FloatVector.broadcast(S, a[at + 3 * ars]);
                p30 = x.fma(b0, p30);
                p31 = x.fma(b1, p31);
            }
            s00 = s00.add(p00);
            s01 = s01.add(p01);
            s10 = s10.add(p10);
            s11 = s11.add(p11);
            s20 = s20.add(p20);
            s21 = s21.add(p21);
            s30 = s30.add(p30);
            s31 = s31.add(p31);
        }
        s00.intoArray(c, cij);
        s01.intoArray(c, cij + L);
        s10.intoArray(c, cij + n);
        s11.intoArray(c, cij + n + L);
        s20.intoArray(c, cij + 2 * n);
        s21.intoArray(c, cij + 2 * n + L);
        s30.intoArray(c, cij + 3 * n);
        s31.intoArray(c, cij + 3 * n + L);
    }

    private static void sumBlock1x2(float[] a, int a0, int ats, int count, int len, float[] b, int panel, float[] c,
            int cij) {
        FloatVector s0 = FloatVector.fromArray(S, c, cij);
        FloatVector s1 = FloatVector.fromArray(S, c, cij + L);
        for (int t = 0; t < count; t++) {
            FloatVector p0 = FloatVector.zero(S);
            FloatVector p1 = FloatVector.zero(S);
            int at = a0 + t * ats;
            int bp = panel + t * len * W;
            for (int s = 0; s < len; s++, at++, bp += W) {
                FloatVector x = FloatVector.broadcast(S, a[at]);
                p0 = x.fma(FloatVector.fromArray(S, b, bp), p0);
                p1 = x.fma(FloatVector.fromArray(S, b, bp + L), p1);
            }
            s0 = s0.add(p0);
            s1 = s1.add(p1);
        }
        s0.intoArray(c, cij);
        s1.intoArray(c, cij + L);
    }

    /** The vector width in floats (for thresholds). */
    static int lanes() {
        return L;
    }
}
