package org.ganlab.experiments.losses;

import java.util.List;
import org.ganlab.tensor.Tensor;

/** Cross-entropy D; G maximises log D(G(z)), i.e. minimises softplus(−d(G(z))) (Goodfellow et al. 2014). */
public final class NonSaturatingLoss extends CrossEntropyLoss {

    @Override
    public List<String> names() {
        return List.of("non-saturating", "bce");
    }

    @Override
    public String description() {
        return "D: cross-entropy, real 1, fake 0; G: -log D(G(z))";
    }

    @Override
    public Tensor generator(Tensor d, DOutput output) {
        return bce(d, 1f, output);
    }
}
