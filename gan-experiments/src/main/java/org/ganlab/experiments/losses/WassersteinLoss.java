package org.ganlab.experiments.losses;

import java.util.List;
import org.ganlab.tensor.Tensor;

/**
 * WGAN (Arjovsky et al. 2017): the critic minimises d(G(z)) − d(x), G minimises −d(G(z)). Needs a
 * Lipschitz critic: weight clipping, a gradient penalty or spectral normalisation.
 */
public final class WassersteinLoss extends CriticLoss {

    @Override
    public List<String> names() {
        return List.of("wasserstein");
    }

    @Override
    public String description() {
        return "D: d(G(z)) - d(x); G: -d(G(z)) (WGAN; needs a D that outputs a logit or critic value)";
    }

    @Override
    public Tensor real(Tensor d, float target, DOutput output) {
        return d.mean().neg();
    }

    @Override
    public Tensor fake(Tensor d, float target, DOutput output) {
        return d.mean();
    }
}
