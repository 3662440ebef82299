package org.ganlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
}
