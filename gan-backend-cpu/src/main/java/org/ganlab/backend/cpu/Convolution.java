package org.ganlab.backend.cpu;

import java.util.stream.IntStream;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.View;

/**
 * The convolutions as matrix products over unfolded images (im2col), one image at a time: an
 * image's patches {@code cols[c·kh·kw][outH·outW]} are unfolded into a scratch array of the
 * thread's, multiplied by {@link Matmul#product} (one fused multiply-add chain per element, in the
 * contract's order) and, for the input gradient, folded back. Only the patches of the images in
 * flight exist at a time, so no array grows with the batch; images run in parallel, each output
 * element computed by one task in its fixed order, so the bits are those of the contract whatever
 * the split. (Each image gets its own patch array: a thread's scratch array could be reused under a
 * task it steals while waiting inside a parallel product.)
 */
final class Convolution {

    /** Below this many multiply-adds in all, the images run on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 20;

    private Convolution() {
    }

    static void forward(View x, View w, ConvGeometry g, float[] out) {
        float[] xd = Strided.data(x);
        float[] wd = Strided.data(w);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        images(g, (long) o * k * l, n -> {
            float[] cols = new float[k * l];
            unfold(xd, x.offset() + n * g.inChannels() * g.height() * g.width(), g, cols);
            Matmul.product(wd, w.offset(), k, 1, cols, 0, l, 1, out, n * o * l, o, k, l);
        });
    }

    static void inputGrad(View dy, View w, ConvGeometry g, float[] dx) {
        float[] dyd = Strided.data(dy);
        float[] wd = Strided.data(w);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        int image = g.inChannels() * g.height() * g.width();
        images(g, (long) o * k * l, n -> {
            float[] cols = new float[k * l];
            // cols[k][l] = Σ_o w[o][k]·dy[n][o][l]: wᵀ read in place (row stride 1, column stride k)
            Matmul.product(wd, w.offset(), 1, k, dyd, dy.offset() + n * o * l, l, 1, cols, 0, k, o, l);
            fold(cols, g, dx, n * image);
        });
    }

    static void weightGrad(View x, View dy, ConvGeometry g, float[] dw) {
        float[] xd = Strided.data(x);
        float[] dyd = Strided.data(dy);
        int k = g.inChannels() * g.kernelH() * g.kernelW();
        int l = g.outH() * g.outW();
        int o = g.outChannels();
        int image = g.inChannels() * g.height() * g.width();
        java.util.Arrays.fill(dw, 0, o * k, 0f);
        // Each image's product in parallel, a bounded number at a time, then added in image order.
        int chunk = Math.max(1, Math.min(g.batch(), (1 << 24) / Math.max(1, o * k)));
        float[] partial = new float[Math.min(g.batch(), chunk) * o * k];
        for (int first = 0; first < g.batch(); first += chunk) {
            int start = first;
            int count = Math.min(chunk, g.batch() - first);
            images(count, (long) o * k * l, i -> {
                int n = start + i;
                float[] cols = new float[k * l];
                unfold(xd, x.offset() + n * image, g, cols);
                // P[o][k] = Σ_l dy[n][o][l]·cols[k][l]: colsᵀ read in place (row stride 1, column stride l)
                Matmul.product(dyd, dy.offset() + n * o * l, l, 1, cols, 0, 1, l, partial, i * o * k, o, l, k);
            });
            for (int i = 0; i < count; i++) {
                int base = i * o * k;
                for (int e = 0; e < o * k; e++) {
                    dw[e] += partial[base + e];
                }
            }
        }
    }

    /** One image's patches: {@code cols[(c, i, j)][(p, q)] = x[c][p·sh − ph + i][q·sw − pw + j]}, 0 outside. */
    static void unfold(float[] x, int base, ConvGeometry g, float[] cols) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = base + c * h * wd;
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++) {
                    int at = row * oh * ow;
                    for (int p = 0; p < oh; p++) {
                        int y = p * g.strideH() - g.padH() + i;
                        if (y < 0 || y >= h) {
                            java.util.Arrays.fill(cols, at, at + ow, 0f);
                            at += ow;
                            continue;
                        }
                        int line = plane + y * wd;
                        for (int q = 0; q < ow; q++) {
                            int v = q * g.strideW() - g.padW() + j;
                            cols[at++] = v >= 0 && v < wd ? x[line + v] : 0f;
                        }
                    }
                    row++;
                }
            }
        }
    }

    /**
     * The patches' gradients back onto one image, from zero: each element gets its taps in (i, j)
     * order, as the loops run, so its sum is the contract's.
     */
    static void fold(float[] cols, ConvGeometry g, float[] dx, int base) {
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
                    int at = row * oh * ow;
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

    private static void images(ConvGeometry g, long multiplyAddsPerImage, Image work) {
        images(g.batch(), multiplyAddsPerImage, work);
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
