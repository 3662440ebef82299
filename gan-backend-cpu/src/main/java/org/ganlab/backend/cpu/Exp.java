package org.ganlab.backend.cpu;

/**
 * {@code exp} for the float kernels, computed in double by this project's own polynomial so that the
 * scalar loop here and the Vector API loop ({@link VectorExp}) run the very same operations and give
 * the same bits, on any vector width. Each step is a plain IEEE add, multiply or exact bit operation
 * (no fused multiply-add, which the scalar path could not match everywhere):
 *
 * <pre>
 * x = clamp(x, LOW, HIGH)                    (past these, exp's float is 0 or infinity, sigmoid's 1 or 0)
 * t = x·log2(e) + 1.5·2^52;  k = t − 1.5·2^52  (k = round(x / ln 2); t's low bits hold k as an integer)
 * r = x − k·ln2_hi − k·ln2_lo                (|r| ≤ 0.35; k·ln2_hi is exact)
 * p = Σ r^n/n! for n ≤ 12, by Estrin's scheme (pairs, then r², r⁴, r⁸: a short dependency chain)
 * exp(x) = p · 2^k                           (2^k's bits: (bits(t) + 1023) shifted left by 52)
 * </pre>
 *
 * The result is within a few double ulps of the true value, so rounded to float it is the correctly
 * rounded float except within about 1e-15 of a rounding boundary: it agrees with
 * {@code (float) Math.exp} almost always and is never more than an ulp away.
 */
final class Exp {

    /** Below this, exp(x) rounds to float 0 (and sigmoid(−x) to 1). */
    static final double LOW = -150;
    /** Above this, exp(x) rounds to float infinity (and sigmoid(−x) to 0). */
    static final double HIGH = 200;
    static final double LOG2E = 1.4426950408889634;
    /** ln 2 split so that k·LN2_HI is exact for |k| < 2^11. */
    static final double LN2_HI = 0.6931471803691238;
    static final double LN2_LO = 1.9082149292705877e-10;
    static final double ROUND = 0x1.8p52;
    // 1/n! for n = 0 to 12, as constants the JIT folds into the loops (array loads it does not).
    static final double C0 = 1;
    static final double C1 = 1;
    static final double C2 = 1.0 / 2;
    static final double C3 = 1.0 / 6;
    static final double C4 = 1.0 / 24;
    static final double C5 = 1.0 / 120;
    static final double C6 = 1.0 / 720;
    static final double C7 = 1.0 / 5040;
    static final double C8 = 1.0 / 40320;
    static final double C9 = 1.0 / 362880;
    static final double C10 = 1.0 / 3628800;
    static final double C11 = 1.0 / 39916800;
    static final double C12 = 1.0 / 479001600;

    /**
     * The shortest array the vector loops take: exp's scalar polynomial costs tens of nanoseconds an
     * element, so even a few vectors' worth pays for the vector loops' setup (unlike the cheap
     * elementwise kernels, which keep {@link Matmul#VECTOR_MIN_LENGTH}).
     */
    static final int VECTOR_MIN_LENGTH = Matmul.VECTOR ? 16 : Integer.MAX_VALUE;

    private Exp() {
    }

    static double exp(double x) {
        if (x != x) {
            return x;
        }
        x = Math.min(Math.max(x, LOW), HIGH);
        double t = x * LOG2E + ROUND;
        double k = t - ROUND;
        double r = (x - k * LN2_HI) - k * LN2_LO;
        double r2 = r * r;
        double r4 = r2 * r2;
        double b0 = (C0 + C1 * r) + (C2 + C3 * r) * r2;
        double b1 = (C4 + C5 * r) + (C6 + C7 * r) * r2;
        double b2 = (C8 + C9 * r) + (C10 + C11 * r) * r2;
        double p = (b0 + b1 * r4) + (b2 + C12 * r4) * (r4 * r4);
        return p * Double.longBitsToDouble((Double.doubleToRawLongBits(t) + 1023) << 52);
    }

    /** {@code o[i] = (float) exp(s[so + i])} for i below n. */
    static void exp(float[] s, int so, float[] o, int n) {
        int i = n >= VECTOR_MIN_LENGTH ? VectorExp.exp(s, so, o, n) : 0;
        for (; i < n; i++) {
            o[i] = (float) exp(s[so + i]);
        }
    }

    /** {@code o[i] = (float) (1 / (1 + exp(−s[so + i])))} for i below n. */
    static void sigmoid(float[] s, int so, float[] o, int n) {
        int i = n >= VECTOR_MIN_LENGTH ? VectorExp.sigmoid(s, so, o, n) : 0;
        for (; i < n; i++) {
            o[i] = (float) (1.0 / (1.0 + exp(-(double) s[so + i])));
        }
    }
}
