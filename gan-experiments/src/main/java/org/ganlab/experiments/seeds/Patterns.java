package org.ganlab.experiments.seeds;

import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/** The blog's 1010 data: high values U(0.8, 1), low values U(0, 0.2). */
final class Patterns {

    /** The real data's mean: what G's output should approach, for its error and its success. */
    static final float[] MEAN_1010 = {0.9f, 0.1f, 0.9f, 0.1f};

    private Patterns() {
    }

    /** {@code batch} rows of [high, low, high, low] (or [low, high, low, high] when inverted). */
    static Tensor noisy1010(Rng rng, int batch, boolean inverted) {
        float[] data = new float[batch * 4];
        for (int i = 0; i < data.length; i++) {
            boolean high = (i % 4 == 0 || i % 4 == 2) != inverted;
            data[i] = high ? rng.uniform(0.8f, 1f) : rng.uniform(0f, 0.2f);
        }
        return Tensor.of(data, batch, 4);
    }

    /** Mean of the rows of a {@code [n, 4]} tensor. */
    static float[] rowMean(Tensor rows) {
        return rows.mean(0, false).toFloatArray();
    }

    static boolean within(float[] values, float[] target, float tolerance) {
        if (values == null) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!(Math.abs(values[i] - target[i]) < tolerance)) {
                return false;
            }
        }
        return true;
    }
}
