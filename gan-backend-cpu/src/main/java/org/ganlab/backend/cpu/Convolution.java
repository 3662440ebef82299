package org.ganlab.backend.cpu;

import java.util.stream.IntStream;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.View;

/**
 * The convolutions as matrix products over unfolded images (im2col). Forward and input gradient take
 * a chunk of images at a time as one wide product: the chunk's patches side by side,
 * {@code cols[c·kh·kw][image·outH·outW]}, so the product's columns fill whole vector panels and the
 * weight is read once per chunk; each output element is still one fused multiply-add chain in the
 * contract's order ({@link Matmul#product}), so the bits are the contract's whatever the chunking,
 * threading or vector width. Chunks hold at most {@link #CHUNK_FLOATS} patch values, so no array
 * grows with the batch (none comes near 2³¹ elements); they come from and go back to the backend's
 * pool of arrays, so a training step's convolutions allocate nothing once it has run. The weight gradient is a product per image
 * added to the sum so far, image after image, as its contract orders the sum.
 */
final class Convolution {

    /** Below this many multiply-adds in all, the images run on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;
    /** The most patch values (floats) one chunk of images unfolds at once: 16 MiB. */
    static final int CHUNK_FLOATS = 1 << 22;
    /** Overrides {@link #CHUNK_FLOATS} (tests: chunks of a few images give the same bits). */
    static final String CHUNK_PROPERTY = "gan.cpu.convChunkFloats";

    private Convolution() {
    }

    /** Images per chunk: as many as fit {@link #CHUNK_FLOATS}, at least one. */
    private static int chunk(ConvGeometry g, int k, int l) {
        long floats = Integer.getInteger(CHUNK_PROPERTY, CHUNK_FLOATS);
        return (int) Math.max(1, Math.min(g.batch(), floats / Math.max(1L, (long) k * l)));
    }

    static void forward(View x, View w, ConvGeometry g, float[] out, CpuBufferPool pool) {
        float[] xd = Strided.data(x);
        float[] wd = Strided.data(w);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        int image = g.inChannels() * g.height() * g.width();
        int chunk = chunk(g, k, l);
        float[] cols = pool.take(k * chunk * l);
        float[] product = pool.take(o * chunk * l);
        for (int first = 0; first < g.batch(); first += chunk) {
            int start = first;
            int count = Math.min(chunk, g.batch() - first);
            int width = count * l;
            images(count, (long) k * l, i -> unfold(xd, x.offset() + (start + i) * image, g, cols, i * l, width));
            Matmul.product(wd, w.offset(), k, 1, cols, 0, width, 1, product, 0, o, k, width);
            // product[o][i·l + s] → out[n][o][s]
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < o; c++) {
                    System.arraycopy(product, c * width + i * l, out, ((start + i) * o + c) * l, l);
                }
            }
        }
        pool.give(cols);
        pool.give(product);
    }

    static void inputGrad(View dy, View w, ConvGeometry g, float[] dx, CpuBufferPool pool) {
        float[] dyd = Strided.data(dy);
        float[] wd = Strided.data(w);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        int image = g.inChannels() * g.height() * g.width();
        int chunk = chunk(g, k, l);
        float[] gathered = pool.take(o * chunk * l);
        float[] cols = pool.take(k * chunk * l);
        for (int first = 0; first < g.batch(); first += chunk) {
            int start = first;
            int count = Math.min(chunk, g.batch() - first);
            int width = count * l;
            // dy[n][o][s] → gathered[o][i·l + s]
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < o; c++) {
                    System.arraycopy(dyd, dy.offset() + ((start + i) * o + c) * l, gathered, c * width + i * l, l);
                }
            }
            // cols[k][i·l + s] = Σ_o w[o][k]·dy[n][o][s]: wᵀ read in place (row stride 1, column stride k)
            Matmul.product(wd, w.offset(), 1, k, gathered, 0, width, 1, cols, 0, k, o, width);
            images(count, (long) k * l, i -> fold(cols, i * l, width, g, dx, (start + i) * image));
        }
        pool.give(gathered);
        pool.give(cols);
    }

    static void weightGrad(View x, View dy, ConvGeometry g, float[] dw, CpuBufferPool pool) {
        float[] xd = Strided.data(x);
        float[] dyd = Strided.data(dy);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        int image = g.inChannels() * g.height() * g.width();
        java.util.Arrays.fill(dw, 0, o * k, 0f);
        // The patches transposed, [l][k], so the product packs its panels of them by plain copies.
        float[] colsT = pool.take(l * k);
        for (int n = 0; n < g.batch(); n++) {
            unfold(xd, x.offset() + n * image, g, colsT, 0, 1, k);
            // dw[o][k] += Σ_l dy[n][o][l]·colsT[l][k], image after image: the contract's order
            Matmul.productAdd(dyd, dy.offset() + n * o * l, l, 1, colsT, 0, k, 1, dw, 0, o, l, k);
        }
        pool.give(colsT);
    }

    /**
     * One image's patches, {@code cols[(c, i, j)][column + (p, q)] = x[c][p·sh − ph + i][q·sw − pw + j]}
     * (0 outside), into rows {@code rowLength} long.
     */
    static void unfold(float[] x, int base, ConvGeometry g, float[] cols, int column, int rowLength) {
        unfold(x, base, g, cols, column, rowLength, 1);
    }

    /**
     * The same with patch element (row, s) at {@code column + row·rowStride + s·colStride}: with
     * rowStride 1 and colStride c·kh·kw the patches come out transposed, {@code [(p, q)][(c, i, j)]}.
     */
    static void unfold(float[] x, int base, ConvGeometry g, float[] cols, int column, int rowStride, int colStride) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = base + c * h * wd;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int at = row * rowStride + column;
                    for (int p = 0; p < oh; p++) {
                        int y = p * g.strideH() - g.padH() + i;
                        if (y < 0 || y >= h) {
                            for (int q = 0; q < ow; q++, at += colStride) {
                                cols[at] = 0f;
                            }
                            continue;
                        }
                        int line = plane + y * wd;
                        for (int q = 0; q < ow; q++, at += colStride) {
                            int v = q * g.strideW() - g.padW() + j;
                            cols[at] = v >= 0 && v < wd ? x[line + v] : 0f;
                        }
                    }
                    row++;
                }
            }
        }
    }

    /**
     * One image's patch gradients (from {@code column} of rows {@code rowLength} long) back onto the
     * image, from zero: each element gets its taps in (i, j) order, as the loops run, so its sum is
     * the contract's.
     */
    static void fold(float[] cols, int column, int rowLength, ConvGeometry g, float[] dx, int base) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        java.util.Arrays.fill(dx, base, base + g.inChannels() * h * wd, 0f);
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = base + c * h * wd;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int at = row * rowLength + column;
                    for (int p = 0; p < oh; p++) {
                        int y = p * g.strideH() - g.padH() + i;
                        if (y < 0 || y >= h) {
                            at += ow;
                            continue;
                        }
                        int line = plane + y * wd;
                        for (int q = 0; q < ow; q++) {
                            int v = q * g.strideW() - g.padW() + j;
                            if (v >= 0 && v < wd) {
                                dx[line + v] += cols[at];
                            }
                            at++;
                        }
                    }
                    row++;
                }
            }
        }
    }

    @FunctionalInterface
    private interface Image {
        void run(int n);
    }

    /** The images {@code 0 .. count − 1}: in parallel when there is enough work, else in order here. */
    private static void images(int count, long multiplyAddsPerImage, Image work) {
        if (count < 2 || multiplyAddsPerImage * count < PARALLEL_THRESHOLD || Integer.getInteger(Matmul.THREADS, 0) == 1) {
            for (int n = 0; n < count; n++) {
                work.run(n);
            }
            return;
        }
        IntStream.range(0, count).parallel().forEach(work::run);
    }
}
