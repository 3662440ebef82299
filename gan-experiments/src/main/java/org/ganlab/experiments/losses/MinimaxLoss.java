package org.ganlab.experiments.losses;

import java.util.List;
import org.ganlab.tensor.Tensor;

/**
 * Cross-entropy D; G minimises log(1 − D(G(z))), i.e. −softplus(d(G(z))): the original zero-sum
 * game, whose gradient vanishes for G when D confidently rejects its samples.
 */
public final class MinimaxLoss extends CrossEntropyLoss {

    @Override
    public List<String> names() {
        return List.of("minimax");
    }

    @Override
    public String description() {
        return "D: cross-entropy, real 1, fake 0; G: log(1 - D(G(z))), the original game";
    }

    @Override
    public Tensor generator(Tensor d, DOutput output) {
        return bce(d, 0f, output).neg();
    }
}
