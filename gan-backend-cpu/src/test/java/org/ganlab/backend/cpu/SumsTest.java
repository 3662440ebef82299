package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Long sums: the Vector API loop gives the scalar loop's partial sums, bit for bit, and an accurate total. */
class SumsTest {

    @Test
    void vectorAndScalarPartialSumsAgreeBitForBit() {
        assertTrue(Matmul.VECTOR, "surefire starts the JVM with --add-modules jdk.incubator.vector");
        Rng rng = new Rng(12);
        for (int n : new int[] {4096, 4097, 10_000, 1_000_003}) {
            float[] s = new float[n + 5];
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.uniform(-1, 1) * (i % 7 == 0 ? 1e4f : 1f);
            }
            double[] scalar = new double[Sums.PARTIALS];
            for (int i = 0; i < n; i++) {
                scalar[i % Sums.PARTIALS] += s[5 + i];
            }
            double expected = 0;
            for (double p : scalar) {
                expected += p;
            }
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(Sums.total(s, 5, n)), "n = " + n);
            double exact = 0;
            double compensation = 0;  // Kahan, as a check of accuracy
            for (int i = 0; i < n; i++) {
                double y = s[5 + i] - compensation;
                double t = exact + y;
                compensation = (t - exact) - y;
                exact = t;
            }
            assertEquals(exact, expected, 1e-9 * n, "n = " + n);
        }
    }

    @Test
    void shortSumsStayOneChainInOrder() {
        float[] s = {1e8f, 1f, -1e8f, 0.5f};
        assertEquals(((1e8 + 1) - 1e8) + 0.5, Sums.total(s, 0, 4));
    }
}
