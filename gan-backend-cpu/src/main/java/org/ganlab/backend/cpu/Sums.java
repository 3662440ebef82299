package org.ganlab.backend.cpu;

/**
 * The sum of a whole array, in double. Short arrays are summed in order, one chain. Long ones are
 * split into {@link #PARTIALS} interleaved partial sums (element i goes to partial i mod 16), each
 * in order, then the partials are added in order: independent chains the processor overlaps, and
 * a fixed order whatever the vector width, so the Vector API loop ({@link VectorKernels#partialSums})
 * and the scalar loop give the same bits.
 */
final class Sums {

    static final int PARTIALS = 16;
    /** From this length on, partial sums (every seed network's sum is far shorter). */
    static final int SPLIT_FROM = 4096;

    private Sums() {
    }

    static double total(float[] s, int so, int n) {
        if (n < SPLIT_FROM) {
            double a = 0;
            for (int i = 0; i < n; i++) {
                a += s[so + i];
            }
            return a;
        }
        double[] partial = new double[PARTIALS];
        int i = n >= Matmul.VECTOR_MIN_LENGTH ? VectorKernels.partialSums(s, so, n, partial) : 0;
        for (; i < n; i++) {
            partial[i % PARTIALS] += s[so + i];
        }
        double a = 0;
        for (double p : partial) {
            a += p;
        }
        return a;
    }
}
