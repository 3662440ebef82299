package org.ganlab.experiments.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

/** FID, KID and class coverage against answers known in closed form. */
class ImageMetricsTest {

    private static double[][] gaussian(Rng rng, int n, double[] mean, double[] std) {
        double[][] x = new double[n][mean.length];
        for (double[] row : x) {
            for (int j = 0; j < mean.length; j++) {
                row[j] = mean[j] + std[j] * rng.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void aFeatureSetIsAtDistanceZeroFromItself() {
        FeatureStatistics s = FeatureStatistics.of(gaussian(new Rng(1), 500, new double[] {1, -2, 0.5, 3},
                new double[] {1, 2, 0.3, 0.7}));
        assertEquals(0, FrechetDistance.between(s, s), 1e-9 * s.covariance().getTrace());
    }

    @Test
    void frechetDistanceOfGaussiansInClosedForm() {
        // commuting covariances R·diag(1, 4)·Rᵀ and R·diag(9, 1)·Rᵀ: Σ(√a − √b)² = 4 + 1, plus ‖μ₁ − μ₂‖² = 5
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        RealMatrix r = MatrixUtils.createRealMatrix(new double[][] {{c, -s}, {s, c}});
        RealMatrix cov1 = r.multiply(MatrixUtils.createRealDiagonalMatrix(new double[] {1, 4})).multiply(r.transpose());
        RealMatrix cov2 = r.multiply(MatrixUtils.createRealDiagonalMatrix(new double[] {9, 1})).multiply(r.transpose());
        assertEquals(10, FrechetDistance.between(new double[] {0, 0}, cov1, new double[] {1, 2}, cov2), 1e-12);
        // non-commuting: tr √(Σ₁Σ₂) from the eigenvalues 5 ± √13 of diag(1, 4)·[[2, 1], [1, 2]]
        RealMatrix a = MatrixUtils.createRealDiagonalMatrix(new double[] {1, 4});
        RealMatrix b = MatrixUtils.createRealMatrix(new double[][] {{2, 1}, {1, 2}});
        double traceRoot = Math.sqrt(5 + Math.sqrt(13)) + Math.sqrt(5 - Math.sqrt(13));
        assertEquals(5 + 4 - 2 * traceRoot, FrechetDistance.between(new double[2], a, new double[2], b), 1e-12);
    }

    @Test
    void aSingularCovarianceGivesANumber() {
        // a collapsed generator: every sample the same point; fewer samples than features
        double[][] same = new double[5][3];
        for (double[] row : same) {
            row[0] = 2;
        }
        FeatureStatistics collapsed = FeatureStatistics.of(same);
        RealMatrix identity = MatrixUtils.createRealIdentityMatrix(3);
        assertEquals(4 + 3, FrechetDistance.between(collapsed.mean(), collapsed.covariance(), new double[3], identity), 1e-12);
        FeatureStatistics few = FeatureStatistics.of(gaussian(new Rng(2), 3, new double[6], new double[] {1, 1, 1, 1, 1, 1}));
        double fid = FrechetDistance.between(few, few);
        assertTrue(Double.isFinite(fid) && Math.abs(fid) < 1e-9, "rank-2 covariance of 6 features: " + fid);
    }

    @Test
    void sampleFidApproachesTheClosedForm() {
        double[] mean1 = {0, 0, 0};
        double[] mean2 = {1, 0, -1};
        double[] std1 = {1, 2, 1};
        double[] std2 = {2, 1, 1};
        double expected = 2 + 1 + 1 + 0; // ‖Δμ‖² + Σ(σ₁ − σ₂)²
        double fid = FrechetDistance.between(FeatureStatistics.of(gaussian(new Rng(3), 20000, mean1, std1)),
                FeatureStatistics.of(gaussian(new Rng(4), 20000, mean2, std2)));
        assertEquals(expected, fid, 0.05);
    }

    @Test
    void kernelDistanceIsAboutZeroForOneDistributionAndClearlyPositiveForTwo() {
        double[] mean = {0.5, -1, 2, 0};
        double[] std = {1, 0.5, 1, 2};
        double[][] all = gaussian(new Rng(5), 2000, mean, std);
        double[][] first = java.util.Arrays.copyOfRange(all, 0, 1000);
        double[][] second = java.util.Arrays.copyOfRange(all, 1000, 2000);
        KernelDistance.Estimate same = KernelDistance.between(first, second, 20, 200, new Rng(6));
        assertTrue(Math.abs(same.mean()) < 3 * same.std() / Math.sqrt(20) + 0.01, "two halves: " + same);
        double[][] shifted = gaussian(new Rng(7), 1000, new double[] {1.5, -1, 2, 0}, std);
        KernelDistance.Estimate other = KernelDistance.between(first, shifted, 20, 200, new Rng(6));
        assertTrue(other.mean() > 10 * other.std() / Math.sqrt(20) && other.mean() > 0.05, "shifted: " + other);
    }

    @Test
    void oneClassIsCollapseAndABalancedSetIsNot() {
        int[] one = new int[1000];
        ClassCoverage collapsed = ClassCoverage.of(one, 10);
        assertEquals(1, collapsed.covered());
        assertEquals(Math.log(10), collapsed.klFromUniform(), 1e-12);
        int[] balanced = new int[1000];
        for (int i = 0; i < balanced.length; i++) {
            balanced[i] = i % 10;
        }
        ClassCoverage even = ClassCoverage.of(balanced, 10);
        assertEquals(10, even.covered());
        assertEquals(0, even.klFromUniform(), 1e-12);
        int[] rare = new int[1000];
        for (int i = 0; i < 5; i++) {
            rare[i] = 3; // 0.5 %: below the 1 % a class needs to count as covered
        }
        assertEquals(1, ClassCoverage.of(rare, 10).covered());
    }
}
