package org.ganlab.experiments.mixtures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

/** VEEGAN's metrics on sample sets whose answers are known. */
class ModeCoverageTest {

    private static final Mixture RING = Mixture.ring(8, 2f, 0.02f);

    /** {@code n} samples on each listed mode's centre, plus an offset. */
    private static float[] onModes(Mixture m, int n, float dx, int... modes) {
        float[] xy = new float[2 * n * modes.length];
        int s = 0;
        for (int mode : modes) {
            for (int i = 0; i < n; i++, s++) {
                xy[2 * s] = m.modes()[mode][0] + dx;
                xy[2 * s + 1] = m.modes()[mode][1];
            }
        }
        return xy;
    }

    @Test
    void allSamplesOnOneModeCoverOneWithReverseKlLn8() {
        ModeCoverage c = ModeCoverage.of(RING, onModes(RING, 2500, 0f, 3));
        assertEquals(1, c.modesCovered());
        assertEquals(1.0, c.highQualityFraction());
        assertEquals(Math.log(8), c.reverseKl(), 1e-12);
        assertEquals(2500, c.perMode()[3]);
        assertFalse(c.allCovered());
    }

    @Test
    void anEvenSpreadCoversEveryModeWithReverseKlZero() {
        ModeCoverage c = ModeCoverage.of(RING, onModes(RING, 100, 0f, 0, 1, 2, 3, 4, 5, 6, 7));
        assertEquals(8, c.modesCovered());
        assertEquals(0.0, c.reverseKl(), 1e-12);
        assertTrue(c.allCovered());
        assertArrayEquals(new int[] {100, 100, 100, 100, 100, 100, 100, 100}, c.perMode());
    }

    @Test
    void farOffSamplesAreNotHighQualityAndCoverNothing() {
        ModeCoverage c = ModeCoverage.of(RING, onModes(RING, 50, 0.5f, 0, 4));
        assertEquals(0, c.highQuality());
        assertEquals(0, c.modesCovered());
        assertEquals(0.0, c.highQualityFraction());
        assertTrue(Double.isNaN(c.reverseKl()), "the spread over modes of no samples is undefined");
        assertTrue(Float.isNaN((Float) c.results().get("reverse_kl")));
    }

    @Test
    void highQualityMeansWithinThreeStandardDeviations() {
        // 3 std = 0.06: 0.059 off counts, 0.061 off does not.
        assertEquals(1, ModeCoverage.of(RING, onModes(RING, 1, 0.059f, 2)).highQuality());
        assertEquals(0, ModeCoverage.of(RING, onModes(RING, 1, 0.061f, 2)).highQuality());
    }

    @Test
    void twoModesHalfAndHalfOfTheHighQualitySamples() {
        // 300 on mode 0, 100 on mode 1, 100 far off: p = (3/4, 1/4), KL = Σ p ln(8p).
        float[] good = onModes(RING, 100, 0f, 0, 0, 0, 1);
        float[] bad = onModes(RING, 100, 1f, 5);
        float[] xy = new float[good.length + bad.length];
        System.arraycopy(good, 0, xy, 0, good.length);
        System.arraycopy(bad, 0, xy, good.length, bad.length);
        ModeCoverage c = ModeCoverage.of(RING, xy);
        assertEquals(2, c.modesCovered());
        assertEquals(0.8, c.highQualityFraction(), 1e-12);
        assertEquals(0.75 * Math.log(6) + 0.25 * Math.log(2), c.reverseKl(), 1e-12);
    }

    @Test
    void theRingHasNoRepeatedModeAndTheGridIsFiveByFive() {
        assertEquals(8, RING.size());
        assertArrayEquals(new float[] {2f, 0f}, RING.modes()[0]);
        assertEquals(0f, RING.modes()[2][0], 1e-6f);
        assertEquals(2f, RING.modes()[2][1], 1e-6f);
        assertEquals(-2f, RING.modes()[4][0], 1e-6f);
        for (int i = 1; i < 8; i++) {
            double dx = RING.modes()[i][0] - RING.modes()[0][0];
            double dy = RING.modes()[i][1] - RING.modes()[0][1];
            assertTrue(Math.hypot(dx, dy) > 1, "mode " + i + " repeats mode 0");
        }
        Mixture grid = Mixture.grid(5, 0.05f);
        assertEquals(25, grid.size());
        assertArrayEquals(new float[] {-4f, -4f}, grid.modes()[0]);
        assertArrayEquals(new float[] {-4f, -2f}, grid.modes()[1]);
        assertArrayEquals(new float[] {4f, 4f}, grid.modes()[24]);
    }

    @Test
    void samplesOfTheMixtureAreHighQualityAndSpreadOverEveryMode() {
        Mixture grid = Mixture.grid(5, 0.05f);
        float[] xy = grid.sample(new Rng(5), 25_000).toFloatArray();
        ModeCoverage c = ModeCoverage.of(grid, xy);
        assertEquals(25, c.modesCovered());
        // Within 3 std on both axes of a 2-D Gaussian: 1 − e^{−9/2} ≈ 98.9 %.
        assertEquals(1 - Math.exp(-4.5), c.highQualityFraction(), 0.003);
        assertTrue(c.reverseKl() < 0.01, "reverse KL " + c.reverseKl());
        assertArrayEquals(xy, grid.sample(new Rng(5), 25_000).toFloatArray(), "same seed, same samples");
    }
}
