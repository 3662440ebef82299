package org.ganlab.tensor;

import java.util.SplittableRandom;

/**
 * A seeded random source, passed explicitly wherever randomness is needed (there is no hidden
 * global one). The float and Gaussian draws are written out here rather than taken from JDK
 * default methods, so one seed gives the same numbers on every JDK.
 */
public final class Rng {

    private final SplittableRandom random;
    private double spareGaussian = Double.NaN;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream, e.g. one per network or per data source. */
    public Rng split() {
        return new Rng(random.split());
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (random.nextInt() >>> 8) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    public float uniform(float low, float high) {
        return low + (high - low) * nextFloat();
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** Standard normal by the Box–Muller transform. */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = radius * Math.sin(2 * Math.PI * u2);
        return radius * Math.cos(2 * Math.PI * u2);
    }
}
