package org.ganlab.experiments.images;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (FID, Heusel et al. 2017):
 * {@code ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)}. Both square roots come from symmetric
 * eigendecompositions (Commons Math), with eigenvalues that rounding made slightly negative taken as
 * 0, so a singular covariance (fewer samples than features, a collapsed generator) gives a number,
 * not NaN. {@code Σ₁^½ Σ₂ Σ₁^½} is symmetric, and has the eigenvalues of Σ₁Σ₂: the usual
 * {@code tr √(Σ₁Σ₂)}.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    public static double between(FeatureStatistics a, FeatureStatistics b) {
        return between(a.mean(), a.covariance(), b.mean(), b.covariance());
    }

    public static double between(double[] mean1, RealMatrix cov1, double[] mean2, RealMatrix cov2) {
        if (mean1.length != mean2.length) {
            throw new IllegalArgumentException("FID between features of " + mean1.length + " and " + mean2.length
                    + " dimensions");
        }
        double meanTerm = 0;
        for (int j = 0; j < mean1.length; j++) {
            double diff = mean1[j] - mean2[j];
            meanTerm += diff * diff;
        }
        RealMatrix root1 = symmetricSqrt(cov1);
        RealMatrix inner = root1.multiply(cov2).multiply(root1);
        RealMatrix symmetric = inner.add(inner.transpose()).scalarMultiply(0.5); // rounding made it not quite so
        double traceRoot = 0;
        for (double lambda : new EigenDecomposition(symmetric).getRealEigenvalues()) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + cov1.getTrace() + cov2.getTrace() - 2 * traceRoot;
    }

    /** V·diag(√max(λ, 0))·Vᵀ of a symmetric matrix. */
    static RealMatrix symmetricSqrt(RealMatrix m) {
        EigenDecomposition e = new EigenDecomposition(m.add(m.transpose()).scalarMultiply(0.5));
        RealMatrix v = e.getV();
        double[] lambda = e.getRealEigenvalues();
        RealMatrix scaled = v.copy();
        for (int j = 0; j < lambda.length; j++) {
            double s = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < scaled.getRowDimension(); i++) {
                scaled.setEntry(i, j, scaled.getEntry(i, j) * s);
            }
        }
        return scaled.multiply(v.transpose());
    }
}
