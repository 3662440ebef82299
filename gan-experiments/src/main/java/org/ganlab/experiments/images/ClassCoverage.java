package org.ganlab.experiments.images;

/**
 * How a classifier spreads G's samples over the data's classes: the classes given at least 1 % of the
 * samples, and the KL divergence of the class histogram from uniform, {@code Σ p·ln(p·K)}: 0 when
 * balanced, ln K when every sample falls in one class (mode collapse, as the mixtures' coverage
 * measures it on modes).
 */
public record ClassCoverage(int covered, double klFromUniform, int[] counts) {

    /** A class is covered when it holds at least this share of the samples. */
    public static final double MIN_SHARE = 0.01;

    public static ClassCoverage of(int[] predictedClasses, int classes) {
        if (predictedClasses.length == 0 || classes < 1) {
            throw new IllegalArgumentException("class coverage needs samples and classes, got "
                    + predictedClasses.length + " and " + classes);
        }
        int[] counts = new int[classes];
        for (int c : predictedClasses) {
            counts[c]++;
        }
        int covered = 0;
        double kl = 0;
        double n = predictedClasses.length;
        for (int count : counts) {
            double p = count / n;
            if (p >= MIN_SHARE) {
                covered++;
            }
            if (count > 0) {
                kl += p * Math.log(p * classes);
            }
        }
        return new ClassCoverage(covered, kl, counts);
    }
}
