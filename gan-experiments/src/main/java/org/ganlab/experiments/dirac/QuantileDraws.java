package org.ganlab.experiments.dirac;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.ganlab.experiments.step.Draws;
import org.ganlab.tensor.Shapes;
import org.ganlab.tensor.Tensor;

/**
 * Draws that stand for an expectation instead of a sample: n values at once are the n quantiles
 * (i + ½)/n of the distribution, so a batch mean over them is a quadrature of the expected value;
 * single values walk through the quantiles of the van der Corput sequence, one call after another,
 * so the mean over repeated evaluations converges to the expectation too.
 */
final class QuantileDraws implements Draws {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private final Map<String, Integer> calls = new HashMap<>();

    @Override
    public Tensor normal(String purpose, float std, int... shape) {
        float[] p = probabilities(purpose, shape);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (std * STANDARD_NORMAL.inverseCumulativeProbability(p[i]));
        }
        return Tensor.of(p, shape);
    }

    @Override
    public Tensor uniform(String purpose, float low, float high, int... shape) {
        float[] p = probabilities(purpose, shape);
        for (int i = 0; i < p.length; i++) {
            p[i] = low + (high - low) * p[i];
        }
        return Tensor.of(p, shape);
    }

    private float[] probabilities(String purpose, int[] shape) {
        int n = Shapes.size(shape);
        float[] p = new float[n];
        if (n == 1) {
            p[0] = (float) vanDerCorput(calls.merge(purpose, 1, Integer::sum));
        } else {
            for (int i = 0; i < n; i++) {
                p[i] = (i + 0.5f) / n;
            }
        }
        return p;
    }

    /** The k-th point (k >= 1) of the base-2 van der Corput sequence: 1/2, 1/4, 3/4, 1/8, ... */
    static double vanDerCorput(int k) {
        double x = 0;
        double base = 0.5;
        for (int i = k; i > 0; i >>= 1, base /= 2) {
            x += (i & 1) * base;
        }
        return x;
    }
}
