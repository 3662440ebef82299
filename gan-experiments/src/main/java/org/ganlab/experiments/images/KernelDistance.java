package org.ganlab.experiments.images;

import org.ganlab.tensor.Rng;

/**
 * The kernel inception distance (KID, Bińkowski et al. 2018) on any features: the unbiased estimate of
 * the squared maximum mean discrepancy with the cubic polynomial kernel
 * {@code k(x, y) = (xᵀy / d + 1)³}, averaged over subsets drawn without replacement from each set, with
 * the standard deviation over the subsets (as the paper and torch-fidelity report it). Unlike FID it
 * is unbiased: about 0 for two samples of one distribution, and it can come out slightly negative.
 */
public final class KernelDistance {

    /** Mean and standard deviation over the subsets. */
    public record Estimate(double mean, double std, int subsets, int subsetSize) {
    }

    private KernelDistance() {
    }

    public static Estimate between(double[][] x, double[][] y, int subsets, int subsetSize, Rng rng) {
        int size = Math.min(subsetSize, Math.min(x.length, y.length));
        if (size < 2 || subsets < 1) {
            throw new IllegalArgumentException("KID needs subsets of at least 2 samples, got " + size + " x " + subsets);
        }
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            values[s] = mmd2(pick(x, size, rng), pick(y, size, rng));
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= subsets;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new Estimate(mean, subsets > 1 ? Math.sqrt(var / (subsets - 1)) : 0, subsets, size);
    }

    /** The unbiased MMD² of two equally large samples. */
    static double mmd2(double[][] x, double[][] y) {
        int m = x.length;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j) {
                    xx += kernel(x[i], x[j]);
                    yy += kernel(y[i], y[j]);
                }
                xy += kernel(x[i], y[j]);
            }
        }
        return (xx + yy) / ((double) m * (m - 1)) - 2 * xy / ((double) m * m);
    }

    static double kernel(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        double base = dot / a.length + 1;
        return base * base * base;
    }

    /** {@code size} rows drawn without replacement (a partial Fisher–Yates shuffle). */
    private static double[][] pick(double[][] rows, int size, Rng rng) {
        int[] index = new int[rows.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        double[][] out = new double[size][];
        for (int i = 0; i < size; i++) {
            int j = i + (int) (rng.nextDouble() * (rows.length - i));
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            out[i] = rows[index[i]];
        }
        return out;
    }
}
