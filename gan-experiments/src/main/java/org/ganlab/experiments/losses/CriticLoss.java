package org.ganlab.experiments.losses;

import org.ganlab.tensor.Tensor;

/**
 * A loss on a critic's unbounded value: no targets to move, no sigmoid D, and G raising the critic's
 * value on its samples (minimising −d(G(z))). The subclasses differ in D's loss.
 */
abstract class CriticLoss implements GanLoss {

    @Override
    public boolean hasTargets() {
        return false;
    }

    @Override
    public boolean accepts(DOutput output) {
        return output == DOutput.LOGIT;
    }

    @Override
    public Tensor generator(Tensor d, DOutput output) {
        return d.mean().neg();
    }
}
