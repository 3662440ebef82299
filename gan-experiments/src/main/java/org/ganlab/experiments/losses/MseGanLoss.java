package org.ganlab.experiments.losses;

import java.util.List;
import org.ganlab.loss.Loss;
import org.ganlab.loss.MseLoss;
import org.ganlab.tensor.Tensor;

/**
 * Least squares: D fits its targets with (d − t)²; G minimises (d(G(z)) − 1)². On a sigmoid D this
 * is the blog's 1010 GAN; on a linear D it is LSGAN with targets 0 and 1.
 */
public final class MseGanLoss implements GanLoss {

    private static final Loss MSE = new MseLoss();

    @Override
    public List<String> names() {
        return List.of("mse");
    }

    @Override
    public String description() {
        return "D: (d(x) - 1)^2 + d(G(z))^2; G: (d(G(z)) - 1)^2";
    }

    @Override
    public Tensor real(Tensor d, float target, DOutput output) {
        return MSE.apply(d, target);
    }

    @Override
    public Tensor fake(Tensor d, float target, DOutput output) {
        return MSE.apply(d, target);
    }

    @Override
    public Tensor generator(Tensor d, DOutput output) {
        return MSE.apply(d, 1f);
    }
}
