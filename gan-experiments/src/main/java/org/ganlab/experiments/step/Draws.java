package org.ganlab.experiments.step;

import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * Where tricks' random numbers come from. A run draws them from its seeded trick stream, in the
 * order the step asks; a test replaying a recorded PyTorch step supplies the recorded values
 * instead, by purpose ({@code noise_real}, {@code noise_fake}, {@code noise_generated},
 * {@code interpolation}, ...).
 */
public interface Draws {

    /** N(0, std²) values of this shape. */
    Tensor normal(String purpose, float std, int... shape);

    /** U(low, high) values of this shape. */
    Tensor uniform(String purpose, float low, float high, int... shape);

    /** Draws from one seeded stream, whatever the purpose. */
    static Draws of(Rng rng) {
        return new Draws() {
            @Override
            public Tensor normal(String purpose, float std, int... shape) {
                return Tensor.normal(rng, 0f, std, shape);
            }

            @Override
            public Tensor uniform(String purpose, float low, float high, int... shape) {
                return Tensor.uniform(rng, low, high, shape);
            }
        };
    }
}
