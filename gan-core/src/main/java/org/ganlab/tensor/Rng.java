package org.ganlab.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A seeded random source, passed explicitly wherever randomness is needed (there is no hidden
 * global one). The float and Gaussian draws are written out here rather than taken from JDK
 * default methods, so one seed gives the same numbers on every JDK. The generator is SplitMix64,
 * the algorithm of {@link java.util.SplittableRandom} (same numbers, same splits), written out so
 * that its whole state is a {@link State} a checkpoint can save and restore.
 */
public final class Rng {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private final long gamma;
    private double spareGaussian = Double.NaN;
    /** For a {@link #tracked} root: every stream split from it (and from them), in creation order; else null. */
    private final List<Rng> family;

    /** Everything that decides the numbers still to come. */
    public record State(long seed, long gamma, double spareGaussian) {
    }

    public Rng(long seed) {
        this(seed, GOLDEN_GAMMA, null);
    }

    private Rng(long seed, long gamma, List<Rng> family) {
        this.seed = seed;
        this.gamma = gamma;
        this.family = family;
        if (family != null) {
            family.add(this);
        }
    }

    /**
     * A root stream that remembers every stream split from it, so a run's whole randomness can be
     * saved ({@link #streams}) and restored in the same creation order.
     */
    public static Rng tracked(long seed) {
        return new Rng(seed, GOLDEN_GAMMA, new ArrayList<>());
    }

    /** This tracked root and every stream split from it so far, in creation order. */
    public List<Rng> streams() {
        if (family == null) {
            throw new IllegalStateException("not a tracked stream: create the root with Rng.tracked");
        }
        return Collections.unmodifiableList(family);
    }

    public State state() {
        return new State(seed, gamma, spareGaussian);
    }

    /** Continues from a saved state; the stream must be the one saved (same gamma). */
    public void restore(State s) {
        if (s.gamma() != gamma) {
            throw new IllegalArgumentException("a saved random stream of another lineage (gamma " + Long.toHexString(s.gamma())
                    + ", this one " + Long.toHexString(gamma) + ")");
        }
        seed = s.seed();
        spareGaussian = s.spareGaussian();
    }

    /** An independent stream, e.g. one per network or per data source. */
    public Rng split() {
        return new Rng(next64(), mixGamma(nextSeed()), family);
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private long next64() {
        long z = nextSeed();
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private int next32() {
        long z = nextSeed();
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (next32() >>> 8) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (next64() >>> 11) * 0x1.0p-53;
    }

    public float uniform(float low, float high) {
        return low + (high - low) * nextFloat();
    }

    public long nextLong() {
        return next64();
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
