package org.ganlab.experiments.losses;

import java.util.List;
import org.ganlab.tensor.Tensor;

/** Hinge (Lim and Ye 2017; SN-GAN, BigGAN): D minimises relu(1 − d(x)) + relu(1 + d(G(z))), G minimises −d(G(z)). */
public final class HingeLoss extends CriticLoss {

    @Override
    public List<String> names() {
        return List.of("hinge");
    }

    @Override
    public String description() {
        return "D: relu(1 - d(x)) + relu(1 + d(G(z))); G: -d(G(z)) (needs a D that outputs a logit or critic value)";
    }

    @Override
    public Tensor real(Tensor d, float target, DOutput output) {
        return d.rsub(1f).relu().mean();
    }

    @Override
    public Tensor fake(Tensor d, float target, DOutput output) {
        return d.add(1f).relu().mean();
    }
}
