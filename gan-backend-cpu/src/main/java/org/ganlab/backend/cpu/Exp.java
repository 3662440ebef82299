package org.ganlab.backend.cpu;

/**
 * {@code exp} for the float kernels, computed in double by this project's own polynomial so that the
 * scalar loop here and the Vector API loop ({@link VectorExp}) run the very same operations and give
 * the same bits, on any vector width. Each step is a plain IEEE add, multiply or exact bit operation
 * (no fused multiply-add, which the scalar path could not match everywhere):
 *
 * <pre>
 * x = clamp(x, LOW, HIGH)                         (past these, the float result is 0 or infinity anyway)
 * k = round(x / ln 2)                             (by adding and subtracting 1.5·2^52)
 * r = x − k·ln2_hi − k·ln2_lo                     (|r| ≤ 0.35; k·ln2_hi is exact)
 * exp(x) = 2^k · (1 + r + r²/2! + … + r¹²/12!)    (Horner; truncation below 2e-16 relative)
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
    /** 1/n! for n = 12 down to 2. */
    static final double[] TAYLOR = {
        1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040,
        1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2};

    private Exp() {
    }

    static double exp(double x) {
        if (x != x) {
            return x;
        }
        x = Math.min(Math.max(x, LOW), HIGH);
        double k = (x * LOG2E + ROUND) - ROUND;
        double r = (x - k * LN2_HI) - k * LN2_LO;
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) {
            p = p * r + TAYLOR[i];
        }
        p = (p * r + 1.0) * r + 1.0;
        return p * Double.longBitsToDouble(((long) k + 1023) << 52);
    }

    /** {@code o[i] = (float) exp(s[so + i])} for i below n. */
    static void exp(float[] s, int so, float[] o, int n) {
        int i = Matmul.VECTOR ? VectorExp.exp(s, so, o, n) : 0;
        for (; i < n; i++) {
            o[i] = (float) exp(s[so + i]);
        }
    }

    /** {@code o[i] = (float) (1 / (1 + exp(−s[so + i])))} for i below n. */
    static void sigmoid(float[] s, int so, float[] o, int n) {
        int i = Matmul.VECTOR ? VectorExp.sigmoid(s, so, o, n) : 0;
        for (; i < n; i++) {
            o[i] = (float) (1.0 / (1.0 + exp(-(double) s[so + i])));
        }
    }
}
