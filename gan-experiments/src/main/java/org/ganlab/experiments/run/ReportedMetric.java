package org.ganlab.experiments.run;

/**
 * A result a sweep reports per cell as mean ± standard error with a 95 % interval, and the range its
 * values can take: an interval is clipped to it (a fraction's interval never reaches below 0).
 */
public record ReportedMetric(String name, double min, double max) {

    /** A metric with no bound. */
    public static ReportedMetric of(String name) {
        return new ReportedMetric(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** A metric of at least 0 (a count, a divergence). */
    public static ReportedMetric nonNegative(String name) {
        return new ReportedMetric(name, 0, Double.POSITIVE_INFINITY);
    }

    /** A fraction, in [0, 1]. */
    public static ReportedMetric fraction(String name) {
        return new ReportedMetric(name, 0, 1);
    }

    public boolean bounded() {
        return min > Double.NEGATIVE_INFINITY || max < Double.POSITIVE_INFINITY;
    }

    /** {@code [0, 1]}, {@code ≥ 0}: for the report's note on clipping. */
    public String range() {
        return max < Double.POSITIVE_INFINITY ? "[" + number(min) + ", " + number(max) + "]" : "≥ " + number(min);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
