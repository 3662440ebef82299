package org.ganlab.backend.cpu;

import java.util.stream.IntStream;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.View;

/**
 * The convolutions as matrix products over unfolded images (im2col). Forward and input gradient take
 * an image at a time when its output is wide ({@link #IMAGE_COLUMNS}), else a chunk of images at a
 * time as one wide product: the chunk's patches side by side,
 * {@code cols[c·kh·kw][image·outH·outW]}, so the product's columns fill whole vector panels and the
 * weight is read once per chunk; each output element is still one fused multiply-add chain in the
 * contract's order ({@link Matmul#product}), so the bits are the contract's whatever the chunking,
 * threading or vector width. Chunks hold at most {@link #CHUNK_FLOATS} patch values, so no array
 * grows with the batch (none comes near 2³¹ elements); they come from and go back to the backend's
 * pool of arrays, so a training step's convolutions allocate nothing once it has run. The weight
 * gradient sums each image's product in image order, as its contract orders the sum: with the vector
 * kernel as one sum of products ({@link VectorGemm#sumOfProducts}) over a chunk's patches unfolded
 * straight into its packed panels, else a product per image added in turn.
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

    /**
     * From this many output positions an image's product is wide enough on its own: each image's
     * product then goes straight to its place in the output, images in parallel; narrower images
     * (7×7 = 49 positions) are taken a chunk at a time, so the product's panels are full.
     */
    static final int IMAGE_COLUMNS = 128;

    static void forward(View x, View w, ConvGeometry g, float[] out, CpuBufferPool pool) {
        float[] xd = Strided.data(x);
        float[] wd = Strided.data(w);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        int image = g.inChannels() * g.height() * g.width();
        if (l >= IMAGE_COLUMNS) {
            images(g.batch(), (long) o * k * l, n -> {
                float[] cols = pool.take(k * l);
                unfold(xd, x.offset() + n * image, g, cols, 0, l);
                Matmul.product(wd, w.offset(), k, 1, cols, 0, l, 1, out, n * o * l, o, k, l);
                pool.give(cols);
            });
            return;
        }
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
        if (l >= IMAGE_COLUMNS) {
            images(g.batch(), (long) o * k * l, n -> {
                float[] cols = pool.take(k * l);
                Matmul.product(wd, w.offset(), 1, k, dyd, dy.offset() + n * o * l, l, 1, cols, 0, k, o, l);
                fold(cols, 0, l, g, dx, n * image);
                pool.give(cols);
            });
            return;
        }
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
        if (Matmul.VECTOR && k >= VectorGemm.lanes()) {
            // A chunk of images at a time: their patches packed as the panels of sumOfProducts, which
            // keeps dw's running sum in registers over the chunk's images, in image order.
            int w = VectorGemm.panelWidth();
            int panels = VectorGemm.panels(k);
            int chunk = chunk(g, panels * w, l);
            float[] packed = pool.take(panels * chunk * l * w);
            for (int first = 0; first < g.batch(); first += chunk) {
                int count = Math.min(chunk, g.batch() - first);
                for (int t = 0; t < count; t++) {
                    // patch row r = q·w + u of image t goes to lane u of panel q, rows s w apart
                    int image0 = (t * l) * w;
                    int panelLength = count * l * w;
                    unfold(xd, x.offset() + (first + t) * image, g, packed,
                            r -> (r / w) * panelLength + image0 + r % w, w);
                    zeroPadding(packed, k, l, t, count, w);
                }
                VectorGemm.sumOfProducts(dyd, dy.offset() + first * o * l, o * l, l, count, l, packed, dw, o, k);
            }
            pool.give(packed);
        } else {
            float[] cols = pool.take(k * l);
            for (int n = 0; n < g.batch(); n++) {
                unfold(xd, x.offset() + n * image, g, cols, 0, l);
                // dw[o][k] += Σ_l dy[n][o][l]·cols[k][l], image after image (the contract's order)
                Matmul.productAdd(dyd, dy.offset() + n * o * l, l, 1, cols, 0, 1, l, dw, 0, o, l, k);
            }
            pool.give(cols);
        }
    }

    /** The lanes past k of the last panel of {@link VectorGemm#sumOfProducts}, for product t: 0. */
    private static void zeroPadding(float[] packed, int k, int l, int t, int count, int w) {
        int q = VectorGemm.panels(k) - 1;
        int width = k - q * w;
        if (width == w) {
            return;
        }
        for (int s = 0, at = (q * count * l + t * l) * w; s < l; s++, at += w) {
            java.util.Arrays.fill(packed, at + width, at + w, 0f);
        }
    }

    /**
     * One image's patches, {@code cols[(c, i, j)][column + (p, q)] = x[c][p·sh − ph + i][q·sw − pw + j]}
     * (0 outside), into rows {@code rowLength} long.
     */
    static void unfold(float[] x, int base, ConvGeometry g, float[] cols, int column, int rowLength) {
        unfold(x, base, g, cols, row -> column + row * rowLength, 1);
    }

    /** Where each patch row starts. */
    @FunctionalInterface
    interface RowStart {
        int of(int row);
    }

    /** The same with patch element (row, s) at {@code rowStart.of(row) + s·colStride}. */
    static void unfold(float[] x, int base, ConvGeometry g, float[] cols, RowStart rowStart, int colStride) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        int sw = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = base + c * h * wd;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    // the output columns q whose input column q·sw − pw + j lies inside the image
                    int qlo = firstInside(g, j);
                    int qhi = endInside(g, j);
                    int at = rowStart.of(row);
                    for (int p = 0; p < oh; p++, at += ow * colStride) {
                        int y = p * g.strideH() - g.padH() + i;
                        if (y < 0 || y >= h || qlo >= qhi) {
                            zero(cols, at, 0, ow, colStride);
                            continue;
                        }
                        zero(cols, at, 0, qlo, colStride);
                        int src = plane + y * wd + qlo * sw - g.padW() + j;
                        if (sw == 1 && colStride == 1) {
                            System.arraycopy(x, src, cols, at + qlo, qhi - qlo);
                        } else {
                            for (int q = qlo, to = at + qlo * colStride; q < qhi; q++, src += sw, to += colStride) {
                                cols[to] = x[src];
                            }
                        }
                        zero(cols, at, Math.max(qlo, qhi), ow, colStride);
                    }
                    row++;
                }
            }
        }
    }

    /** The first output column q whose input column q·sw − pw + j, for kernel column j, is inside the image. */
    private static int firstInside(ConvGeometry g, int j) {
        return Math.max(0, Math.floorDiv(g.padW() - j + g.strideW() - 1, g.strideW()));
    }

    /** One past the last such output column. */
    private static int endInside(ConvGeometry g, int j) {
        return Math.min(g.outW(), Math.floorDiv(g.width() - 1 + g.padW() - j, g.strideW()) + 1);
    }

    /** Elements {@code [from, to)} of a row starting at {@code at}, {@code stride} apart, set to 0. */
    private static void zero(float[] a, int at, int from, int to, int stride) {
        for (int q = from; q < to; q++) { // mostly 0 to 2 elements: a loop costs less than Arrays.fill's checks
            a[at + q * stride] = 0f;
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
        int sw = g.strideW();
        java.util.Arrays.fill(dx, base, base + g.inChannels() * h * wd, 0f);
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = base + c * h * wd;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int qlo = firstInside(g, j);
                    int qhi = endInside(g, j);
                    int at = row * rowLength + column;
                    for (int p = 0; p < oh; p++, at += ow) {
                        int y = p * g.strideH() - g.padH() + i;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        for (int q = qlo, to = plane + y * wd + qlo * sw - g.padW() + j; q < qhi; q++, to += sw) {
                            dx[to] += cols[at + q];
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
