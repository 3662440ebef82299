package org.ganlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
}
