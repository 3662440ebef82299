package org.ganlab.experiments.losses;

import org.ganlab.loss.BceLoss;
import org.ganlab.loss.BceWithLogitsLoss;
import org.ganlab.loss.Loss;
import org.ganlab.tensor.Tensor;

/**
 * The original GAN's D: binary cross-entropy with targets 1 for real and 0 for fake, so D maximises
 * log D(x) + log(1 − D(G(z))); on a logit d that is softplus(−d(x)) + softplus(d(G(z))). The
 * subclasses differ in G's loss.
 */
abstract class CrossEntropyLoss implements GanLoss {

    private static final Loss ON_PROBABILITY = new BceLoss();
    private static final Loss ON_LOGIT = new BceWithLogitsLoss();

    /** Cross-entropy of D's output against {@code target}, on a probability or a logit. */
    static Tensor bce(Tensor d, float target, DOutput output) {
        return (output == DOutput.PROBABILITY ? ON_PROBABILITY : ON_LOGIT).apply(d, target);
    }

    @Override
    public Tensor real(Tensor d, float target, DOutput output) {
        return bce(d, target, output);
    }

    @Override
    public Tensor fake(Tensor d, float target, DOutput output) {
        return bce(d, target, output);
    }
}
