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
    /** 1/n! for n = 0 to 12. */
    static final double[] C = new double[13];

    static {
        double f = 1;
        for (int n = 0; n <= 12; n++) {
            f *= Math.max(n, 1);
            C[n] = 1.0 / f;
        }
    }

    // The same values as constants, which the JIT folds into the scalar loop (array loads it does not).
    private static final double C0 = C[0];
    private static final double C1 = C[1];
    private static final double C2 = C[2];
    private static final double C3 = C[3];
    private static final double C4 = C[4];
    private static final double C5 = C[5];
    private static final double C6 = C[6];
    private static final double C7 = C[7];
    private static final double C8 = C[8];
    private static final double C9 = C[9];
    private static final double C10 = C[10];
    private static final double C11 = C[11];
    private static final double C12 = C[12];

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
        int i = n >= Matmul.VECTOR_MIN_LENGTH ? VectorExp.exp(s, so, o, n) : 0;
        for (; i < n; i++) {
            o[i] = (float) exp(s[so + i]);
        }
    }

    /** {@code o[i] = (float) (1 / (1 + exp(−s[so + i])))} for i below n. */
    static void sigmoid(float[] s, int so, float[] o, int n) {
        int i = n >= Matmul.VECTOR_MIN_LENGTH ? VectorExp.sigmoid(s, so, o, n) : 0;
        for (; i < n; i++) {
            o[i] = (float) (1.0 / (1.0 + exp(-(double) s[so + i])));
        }
    }
}
