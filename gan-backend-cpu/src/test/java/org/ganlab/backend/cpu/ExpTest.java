package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The vectorised exp and sigmoid give the scalar loop's bits, and those are within an ulp of Math.exp's. */
class ExpTest {

    private static final float[] SPECIAL = {0f, -0f, 1e-45f, -1e-45f, 1e-20f, -1e-20f, 0.5f, -0.5f, 1f, -1f,
        88.72283f, 88.72284f, 89f, -87.33655f, -103.97208f, -103.97209f, -104f, -150f, 150f, 17.3f, -17.3f, 40f,
        Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL};

    private static float[] inputs() {
        Rng rng = new Rng(11);
        int n = 200_003;  // not a multiple of any vector width: the scalar tail runs too
        float[] x = new float[n];
        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < n; i++) {
            float scale = i % 3 == 0 ? 1f : i % 3 == 1 ? 20f : 110f;
            x[i] = rng.uniform(-scale, scale);
        }
        return x;
    }

    @Test
    void vectorAndScalarLoopsAgreeBitForBitAndStayWithinAnUlpOfMathExp() {
        assertTrue(Matmul.VECTOR, "surefire starts the JVM with --add-modules jdk.incubator.vector");
        float[] x = inputs();
        float[] vectorExp = new float[x.length];
        float[] vectorSigmoid = new float[x.length];
        Exp.exp(x, 0, vectorExp, x.length);
        Exp.sigmoid(x, 0, vectorSigmoid, x.length);
        int differFromMath = 0;
        for (int i = 0; i < x.length; i++) {
            float scalarExp = (float) Exp.exp(x[i]);
            float scalarSigmoid = (float) (1.0 / (1.0 + Exp.exp(-(double) x[i])));
            assertEquals(Float.floatToRawIntBits(scalarExp), Float.floatToRawIntBits(vectorExp[i]), "exp(" + x[i] + ")");
            assertEquals(Float.floatToRawIntBits(scalarSigmoid), Float.floatToRawIntBits(vectorSigmoid[i]),
                    "sigmoid(" + x[i] + ")");
            float mathExp = (float) Math.exp(x[i]);
            float mathSigmoid = (float) (1.0 / (1.0 + Math.exp(-x[i])));
            assertTrue(withinUlp(mathExp, scalarExp), "exp(" + x[i] + ") = " + scalarExp + ", Math: " + mathExp);
            assertTrue(withinUlp(mathSigmoid, scalarSigmoid), "sigmoid(" + x[i] + ") = " + scalarSigmoid + ", Math: " + mathSigmoid);
            differFromMath += (mathExp != scalarExp ? 1 : 0) + (mathSigmoid != scalarSigmoid ? 1 : 0);
        }
        // Correctly rounded but for values within ~1e-15 of a rounding boundary: a handful at most.
        assertTrue(differFromMath <= 4, differFromMath + " of " + 2 * x.length + " differ from Math.exp's rounding");
    }

    private static boolean withinUlp(float expected, float actual) {
        if (Float.isNaN(expected)) {
            return Float.isNaN(actual);
        }
        return expected == actual || Math.abs(expected - actual) <= Math.ulp(expected);
    }
}
