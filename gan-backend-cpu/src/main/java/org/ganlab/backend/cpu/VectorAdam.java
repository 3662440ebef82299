package org.ganlab.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's update with the Vector API: the scalar loop's float operations lane by lane, in the same
 * order and without fused multiply-adds. Square root and division are correctly rounded in both,
 * so the bits are the scalar loop's; only the last {@code n mod lanes} elements run scalar.
 * Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorAdam {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorAdam() {
    }

    /**
     * Elements {@code [0, bound)}, bound a multiple of the lanes, for the usual step (moments kept, no
     * weight decay); returns bound, or 0 for the other cases, which the scalar loop does whole (one
     * branch-free body: JDK 17's compiler boxes vectors merged from branches). See
     * {@link CpuOptimizerKernels#adam}.
     */
    static int adam(float[] p, int po, float[] g, int go, float[] ma, int mo, float[] va, int vo, float beta1,
            float oneMinusBeta1, float beta2, float oneMinusBeta2, float wd, float bc2, float eps, float stepSize,
            float[] outP, float[] outM, float[] outV, int n) {
        if (ma == null || va == null || wd != 0) {
            return 0;
        }
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector pi = FloatVector.fromArray(F, p, po + i);
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            FloatVector mi = FloatVector.fromArray(F, ma, mo + i).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(F, va, vo + i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(outM, i);
            vi.intoArray(outV, i);
            FloatVector denom = vi.sqrt().div(bc2).add(eps);
            pi.sub(mi.div(denom).mul(stepSize)).intoArray(outP, i);
        }
        return bound;
    }
}
