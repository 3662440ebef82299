package org.ganlab.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Exp}'s operations, lane by lane with the Vector API: the same adds, multiplies and bit
 * operations in the same order, so every lane gets the bits the scalar loop gets. The work runs in
 * chunks through three short loops (argument reduction, polynomial, result) with the chunk's
 * doubles in per-thread scratch arrays: one long loop body exceeds what the JIT will inline, and
 * then every vector becomes an object. Each method does whole vectors and returns where the scalar
 * tail starts.
 */
final class VectorExp {

    private static final VectorSpecies<Double> D = VectorKernels.D;
    private static final VectorSpecies<Float> F = VectorKernels.F;
    private static final int L = D.length();
    private static final int CHUNK = 512;
    /** Per thread: x, then t, then r, for one chunk. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][CHUNK]);

    private VectorExp() {
    }

    static int exp(float[] s, int so, float[] o, int n) {
        return run(s, so, o, n, false);
    }

    static int sigmoid(float[] s, int so, float[] o, int n) {
        return run(s, so, o, n, true);
    }

    private static int run(float[] s, int so, float[] o, int n, boolean sigmoid) {
        double[][] scratch = SCRATCH.get();
        double[] x = scratch[0];
        double[] t = scratch[1];
        double[] r = scratch[2];
        int whole = n - n % L;
        for (int base = 0; base < whole; base += CHUNK) {
            int len = Math.min(CHUNK, whole - base);
            reduce(s, so + base, x, t, r, len, sigmoid);
            polynomial(t, r, len);
            if (sigmoid) {
                storeSigmoid(x, r, o, base, len);
            } else {
                store(x, r, o, base, len);
            }
        }
        return whole;
    }

    /**
     * x = s (or −s for a sigmoid) in double; t = clamp(x)·log2(e) + 1.5·2^52 and
     * r = clamp(x) − k·ln2_hi − k·ln2_lo with k = t − 1.5·2^52.
     */
    private static void reduce(float[] s, int so, double[] xs, double[] t, double[] r, int len, boolean negate) {
        for (int i = 0; i < len; i += L) {
            DoubleVector v = VectorKernels.doubles(s, so + i);
            v = negate ? v.neg() : v;
            v.intoArray(xs, i);
            DoubleVector x = v.max(Exp.LOW).min(Exp.HIGH);
            DoubleVector ti = x.mul(Exp.LOG2E).add(Exp.ROUND);
            DoubleVector k = ti.sub(Exp.ROUND);
            ti.intoArray(t, i);
            x.sub(k.mul(Exp.LN2_HI)).sub(k.mul(Exp.LN2_LO)).intoArray(r, i);
        }
    }

    /** r = p(r)·2^k, Estrin's scheme as in {@link Exp#exp(double)}. */
    private static void polynomial(double[] t, double[] rs, int len) {
        for (int i = 0; i < len; i += L) {
            DoubleVector r = DoubleVector.fromArray(D, rs, i);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector b0 = pair(Exp.C0, Exp.C1, r).add(pair(Exp.C2, Exp.C3, r).mul(r2));
            DoubleVector b1 = pair(Exp.C4, Exp.C5, r).add(pair(Exp.C6, Exp.C7, r).mul(r2));
            DoubleVector b2 = pair(Exp.C8, Exp.C9, r).add(pair(Exp.C10, Exp.C11, r).mul(r2));
            DoubleVector p = b0.add(b1.mul(r4)).add(r4.mul(Exp.C12).add(b2).mul(r4.mul(r4)));
            DoubleVector scale = DoubleVector.fromArray(D, t, i).reinterpretAsLongs().add(1023)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(scale).intoArray(rs, i);
        }
    }

    /** {@code c0 + c1·r}, as the scalar path rounds it. */
    private static DoubleVector pair(double c0, double c1, DoubleVector r) {
        return r.mul(c1).add(c0);
    }

    /** o = (float) e, NaN where x is NaN (x itself, as the scalar path returns it). */
    private static void store(double[] x, double[] e, float[] o, int oo, int len) {
        for (int i = 0; i < len; i += L) {
            DoubleVector xi = DoubleVector.fromArray(D, x, i);
            DoubleVector v = DoubleVector.fromArray(D, e, i).blend(xi, xi.test(VectorOperators.IS_NAN));
            ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(o, oo + i);
        }
    }

    /** o = (float) (1 / (1 + e)), NaN where x is NaN. */
    private static void storeSigmoid(double[] x, double[] e, float[] o, int oo, int len) {
        for (int i = 0; i < len; i += L) {
            DoubleVector xi = DoubleVector.fromArray(D, x, i);
            DoubleVector ei = DoubleVector.fromArray(D, e, i).blend(xi, xi.test(VectorOperators.IS_NAN));
            DoubleVector v = DoubleVector.broadcast(D, 1.0).div(ei.add(1.0));
            ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(o, oo + i);
        }
    }
}
