package org.ganlab.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Exp}'s operations, lane by lane with the Vector API: the same adds, multiplies and bit
 * operations in the same order, so every lane gets the bits the scalar loop gets. Each method
 * does the whole vectors of the range and returns where the scalar tail starts.
 */
final class VectorExp {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats converted per step: as many as D has double lanes. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class,
            jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int L = D.length();

    private VectorExp() {
    }

    static int exp(float[] s, int so, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(F, s, so + i).convertShape(VectorOperators.F2D, D, 0);
            store(exp(x), o, i);
        }
        return i;
    }

    static int sigmoid(float[] s, int so, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(F, s, so + i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector e = exp(x.neg());
            store(DoubleVector.broadcast(D, 1.0).div(e.add(1.0)), o, i);
        }
        return i;
    }

    private static void store(DoubleVector v, float[] o, int i) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(o, i);
    }

    /** {@link Exp#exp(double)} on every lane. */
    private static DoubleVector exp(DoubleVector input) {
        VectorMask<Double> nan = input.test(VectorOperators.IS_NAN);
        DoubleVector x = input.max(Exp.LOW).min(Exp.HIGH);
        DoubleVector k = x.mul(Exp.LOG2E).add(Exp.ROUND).sub(Exp.ROUND);
        DoubleVector r = x.sub(k.mul(Exp.LN2_HI)).sub(k.mul(Exp.LN2_LO));
        DoubleVector p = DoubleVector.broadcast(D, Exp.TAYLOR[0]);
        for (int t = 1; t < Exp.TAYLOR.length; t++) {
            p = p.mul(r).add(Exp.TAYLOR[t]);
        }
        p = p.mul(r).add(1.0).mul(r).add(1.0);
        LongVector bits = ((LongVector) k.convert(VectorOperators.D2L, 0)).add(1023).lanewise(VectorOperators.LSHL, 52);
        return p.mul(bits.reinterpretAsDoubles()).blend(input, nan);
    }
}
