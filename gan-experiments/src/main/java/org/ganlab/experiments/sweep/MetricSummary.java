package org.ganlab.experiments.sweep;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * One numeric result over a cell's runs: mean, standard error of the mean and a two-sided
 * Student-t interval ({@code mean ± t(n−1)·se}), as papers report "mean ± standard error over n
 * trials". With one run the error and interval are undefined (NaN).
 */
public record MetricSummary(long n, double mean, double standardError, double low, double high) {

    /** The summary with its interval clipped to the values' range [min, max]. */
    public static MetricSummary of(double[] values, double confidence, double min, double max) {
        MetricSummary m = of(values, confidence);
        return new MetricSummary(m.n, m.mean, m.standardError, Math.max(min, m.low), Math.min(max, m.high));
    }

    public static MetricSummary of(double[] values, double confidence) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        long n = s.getN();
        if (n < 2) {
            return new MetricSummary(n, n == 1 ? s.getMean() : Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double se = s.getStandardDeviation() / Math.sqrt(n);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.5 + confidence / 2);
        return new MetricSummary(n, s.getMean(), se, s.getMean() - t * se, s.getMean() + t * se);
    }
}
