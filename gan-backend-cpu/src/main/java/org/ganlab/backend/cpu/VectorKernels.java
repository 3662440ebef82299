package org.ganlab.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.ganlab.backend.BinaryOp;

/**
 * Elementwise kernels the JIT does not vectorise by itself (a select on a comparison), written
 * with the Vector API. Each does whole vectors, lane by lane with the scalar loop's operations, and
 * returns where the scalar tail starts; results are the same bits.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {
    }

    /** {@code f = s > 0 ? positive : negative; o = s · f} (see CpuBackend.rectify). */
    static int rectify(float[] s, int so, float positive, float negative, float[] o, float[] f) {
        FloatVector pos = FloatVector.broadcast(S, positive);
        FloatVector neg = FloatVector.broadcast(S, negative);
        int n = o.length - o.length % L;
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(S, s, so + i);
            VectorMask<Float> above = x.compare(VectorOperators.GT, 0f);
            FloatVector k = neg.blend(pos, above);
            k.intoArray(f, i);
            x.mul(k).intoArray(o, i);
        }
        return n;
    }

    /**
     * {@code o[oo + i] = op(x[xo + i], y[yo + i])} for the four arithmetic ops (IEEE lanewise, so
     * the scalar loop's bits); 0 for any other op, which the scalar loop then does whole.
     */
    static int binary(BinaryOp op, float[] x, int xo, float[] y, int yo, float[] o, int oo, int len) {
        int n = len - len % L;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i += L) at(x, xo + i).add(at(y, yo + i)).intoArray(o, oo + i); }
            case SUB -> { for (int i = 0; i < n; i += L) at(x, xo + i).sub(at(y, yo + i)).intoArray(o, oo + i); }
            case MUL -> { for (int i = 0; i < n; i += L) at(x, xo + i).mul(at(y, yo + i)).intoArray(o, oo + i); }
            case DIV -> { for (int i = 0; i < n; i += L) at(x, xo + i).div(at(y, yo + i)).intoArray(o, oo + i); }
            default -> n = 0;
        }
        return n;
    }

    /** {@code o[i] = op(x[xo + i], c)} for the four arithmetic ops; 0 for any other. */
    static int binary(BinaryOp op, float[] x, int xo, float c, float[] o) {
        int n = o.length - o.length % L;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i += L) at(x, xo + i).add(c).intoArray(o, i); }
            case SUB -> { for (int i = 0; i < n; i += L) at(x, xo + i).sub(c).intoArray(o, i); }
            case MUL -> { for (int i = 0; i < n; i += L) at(x, xo + i).mul(c).intoArray(o, i); }
            case DIV -> { for (int i = 0; i < n; i += L) at(x, xo + i).div(c).intoArray(o, i); }
            default -> n = 0;
        }
        return n;
    }

    private static FloatVector at(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    /** Doubles, for kernels that compute in double precision (sums, {@link VectorExp}). */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats converted per step: as many as D has double lanes. */
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));

    /**
     * {@link Sums}' interleaved partial sums over whole blocks of 16 elements: partial j holds the
     * elements i ≡ j (mod 16), added in order, exactly as the scalar loop adds them. Returns where
     * the scalar tail starts; {@code partial} holds the sums so far.
     */
    static int partialSums(float[] s, int so, int n, double[] partial) {
        int lanes = D.length();
        int vectors = Sums.PARTIALS / lanes;
        if (vectors != 2 && vectors != 4) {
            return 0;  // the scalar loop gives the same bits
        }
        // Accumulators in locals: an array of vectors would box every one of them.
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int whole = n - n % Sums.PARTIALS;
        for (int b = so; b < so + whole; b += Sums.PARTIALS) {
            a0 = a0.add(doubles(s, b));
            a1 = a1.add(doubles(s, b + lanes));
            if (vectors == 4) {
                a2 = a2.add(doubles(s, b + 2 * lanes));
                a3 = a3.add(doubles(s, b + 3 * lanes));
            }
        }
        a0.intoArray(partial, 0);
        a1.intoArray(partial, lanes);
        if (vectors == 4) {
            a2.intoArray(partial, 2 * lanes);
            a3.intoArray(partial, 3 * lanes);
        }
        return whole;
    }

    /** D's worth of floats from {@code s[i]} on, widened to double. */
    static DoubleVector doubles(float[] s, int i) {
        return (DoubleVector) FloatVector.fromArray(F, s, i).convertShape(VectorOperators.F2D, D, 0);
    }
}
