package org.ganlab.experiments.mixtures;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well samples cover a mixture's modes, with VEEGAN's definitions (Srivastava et al. 2017), as
 * PacGAN reports them: a sample is <em>high quality</em> when it lies within 3 standard deviations
 * of its nearest mode; a mode is <em>covered</em> when it is the nearest mode of at least one
 * high-quality sample; the <em>reverse KL</em> is KL(p ‖ uniform), p being how the high-quality
 * samples spread over the modes: 0 when they spread evenly, ln(modes) when all sit on one.
 *
 * @param perMode high-quality samples nearest each mode
 * @param samples all samples
 * @param reverseKl NaN when no sample is high quality (the spread is then undefined)
 */
public record ModeCoverage(int[] perMode, int samples, int highQuality, int modesCovered, double reverseKl) {

    /** Measures {@code xy}, samples as {x0, y0, x1, y1, …}. */
    public static ModeCoverage of(Mixture mixture, float[] xy) {
        int k = mixture.size();
        int n = xy.length / 2;
        int[] perMode = new int[k];
        double limit = 3.0 * mixture.std();
        int highQuality = 0;
        for (int s = 0; s < n; s++) {
            double x = xy[2 * s];
            double y = xy[2 * s + 1];
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int m = 0; m < k; m++) {
                double dx = x - mixture.modes()[m][0];
                double dy = y - mixture.modes()[m][1];
                double d2 = dx * dx + dy * dy;
                if (d2 < best) {
                    best = d2;
                    nearest = m;
                }
            }
            if (Math.sqrt(best) <= limit) {
                perMode[nearest]++;
                highQuality++;
            }
        }
        int covered = 0;
        double kl = 0;
        for (int count : perMode) {
            if (count > 0) {
                covered++;
                double p = (double) count / highQuality;
                kl += p * Math.log(p * k);
            }
        }
        return new ModeCoverage(perMode, n, highQuality, covered, highQuality == 0 ? Double.NaN : kl);
    }

    public int modes() {
        return perMode.length;
    }

    public double highQualityFraction() {
        return samples == 0 ? 0 : (double) highQuality / samples;
    }

    /** Every mode covered. */
    public boolean allCovered() {
        return modesCovered == perMode.length;
    }

    /**
     * The results summary.json records: modes, modes_covered, high_quality_fraction, reverse_kl (NaN
     * when no sample is high quality; sweeps then leave the run out of that metric's statistics).
     */
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("modes", modes());
        r.put("modes_covered", modesCovered);
        r.put("high_quality_fraction", (float) highQualityFraction());
        r.put("reverse_kl", (float) reverseKl);
        return r;
    }
}
