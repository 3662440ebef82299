package org.ganlab.experiments.tricks;

import org.ganlab.tensor.Tensor;

/** Computes D's loss on fake examples; the rest of the chain after a trick's hook. */
@FunctionalInterface
public interface FakeLoss {
    Tensor compute(FakeLossStep step);
}
