package org.ganlab.experiments.images;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

/** The mean and (unbiased) covariance of a set of feature vectors, in double. */
public record FeatureStatistics(double[] mean, RealMatrix covariance, int count) {

    /** Statistics of {@code features[i]}, every row one sample of the same dimension; at least two rows. */
    public static FeatureStatistics of(double[][] features) {
        int n = features.length;
        if (n < 2) {
            throw new IllegalArgumentException("feature statistics need at least 2 samples, got " + n);
        }
        int d = features[0].length;
        double[] mean = new double[d];
        for (double[] f : features) {
            if (f.length != d) {
                throw new IllegalArgumentException("feature vectors of different lengths: " + d + " and " + f.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += f[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (double[] f : features) {
            for (int j = 0; j < d; j++) {
                centred[j] = f[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                for (int b = a; b < d; b++) {
                    cov[a][b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        return new FeatureStatistics(mean, new Array2DRowRealMatrix(cov, false), n);
    }
}
