package org.ganlab.experiments.dirac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.commons.math3.complex.Complex;
import org.ganlab.experiments.config.Order;
import org.junit.jupiter.api.Test;

class DiracExperimentTest {

    @Test
    void theFirstStepBelowATousandthIsCountedFromOneAfterItsUpdate() {
        double[] steps = {1, 2, 3, 4};
        assertEquals(1, DiracExperiment.firstStepBelow(steps, new double[] {5e-4, 0.1, 1e-5, 1e-6}));
        assertEquals(3, DiracExperiment.firstStepBelow(steps, new double[] {0.5, 1e-3, 9.9e-4, 0.5}), "strictly below");
        assertNull(DiracExperiment.firstStepBelow(steps, new double[] {0.5, 0.4, 0.3, 0.2}));
    }

    /** Alternating: n D steps x' = A_D x, then G's through the updated ψ; simultaneous: I + H J. */
    @Test
    void theLinearisedStepsComposeAsTheOrdersUpdate() {
        double[][] j = {{0.1, 0.5}, {-0.5, -0.3}};
        assertArrayEquals(new double[] {1 + 0.2 * 0.1, 0.2 * 0.5}, DiracTheory.update(j, 0.2, 0.4, Order.SIMULTANEOUS, 1)[0], 1e-12);
        assertArrayEquals(new double[] {0.4 * -0.5, 1 + 0.4 * -0.3}, DiracTheory.update(j, 0.2, 0.4, Order.SIMULTANEOUS, 1)[1], 1e-12);
        double[][] d = {{1, 0}, {0.4 * -0.5, 1 + 0.4 * -0.3}};
        double[][] g = {{1 + 0.2 * 0.1, 0.2 * 0.5}, {0, 1}};
        double[][] twoD = DiracTheory.times(g, DiracTheory.times(d, d));
        double[][] m = DiracTheory.update(j, 0.2, 0.4, Order.ALTERNATING, 2);
        assertArrayEquals(twoD[0], m[0], 1e-12);
        assertArrayEquals(twoD[1], m[1], 1e-12);
        Complex[] e = DiracTheory.eigenvalues(new double[][] {{0, 1}, {-1, 0}});
        assertEquals(1, e[0].getImaginary() * e[1].getImaginary() * -1, 1e-12, "±i");
    }

    @Test
    void quantileDrawsAverageToTheExpectation() {
        assertEquals(0.5, QuantileDraws.vanDerCorput(1));
        assertEquals(0.25, QuantileDraws.vanDerCorput(2));
        assertEquals(0.75, QuantileDraws.vanDerCorput(3));
        try (var scope = org.ganlab.backend.Backends.use(org.ganlab.backend.Backends.get("cpu"))) {
            float[] n = new QuantileDraws().normal("noise_real", 2f, 4000, 1).toFloatArray();
            double mean = 0;
            double square = 0;
            for (float x : n) {
                mean += x / n.length;
                square += x * x / n.length;
            }
            assertEquals(0, mean, 1e-6);
            assertEquals(4, square, 0.01, "variance σ² = 4");
        }
    }
}
