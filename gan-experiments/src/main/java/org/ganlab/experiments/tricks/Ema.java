package org.ganlab.experiments.tricks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Tensor;

/**
 * An exponential moving average of G's weights (Yazıcı et al. 2019; used by ProGAN, StyleGAN,
 * BigGAN): starting from G's initial weights, after each G step {@code ema = β·ema + (1 − β)·θ}.
 * Training is unchanged; results, snapshots and pictures show the averaged generator. Only parameters
 * are averaged: a G with batch norm shows the averaged weights with G's own running statistics (the
 * buffers are not averaged but shared, as StyleGAN2-ADA copies them into its averaged G).
 */
public final class Ema implements Trick {

    private final double beta;
    private final List<Tensor> averages = new ArrayList<>();

    Ema(double beta) {
        this.beta = beta;
    }

    @Override
    public String name() {
        return "ema";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public boolean keepsDiscriminatorStep() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("beta", beta);
    }

    @Override
    public void attach(Module d, Module g, Draws draws) {
        averages.addAll(Weights.values(g.parameters()));
    }

    @Override
    public void afterUpdate(Player player, Module network) {
        if (player != Player.GENERATOR) {
            return;
        }
        List<Tensor> params = network.parameters();
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                averages.set(i, MemoryScope.keep(averages.get(i).mul((float) beta).add(params.get(i).mul((float) (1 - beta)))));
            }
        }
    }

    /** G's parameters hold the averages until the scope closes, then their trained values again, bit for bit. */
    @Override
    public Shown evaluate(Module g) {
        List<Tensor> params = g.parameters();
        List<Tensor> trained = Weights.values(params);
        Weights.assign(params, averages);
        return new Shown("ema(beta=" + beta + ")", () -> Weights.assign(params, trained));
    }

    @Override
    public List<Tensor> state() {
        return averages();
    }

    @Override
    public void loadState(List<Tensor> saved) {
        for (int i = 0; i < averages.size(); i++) {
            averages.set(i, MemoryScope.keep(saved.get(i)));
        }
    }

    /** The averaged weights, in G's parameter order. */
    public List<Tensor> averages() {
        return List.copyOf(averages);
    }

    /** {@code ema:beta=0.999}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "ema";
        }

        @Override
        public String description() {
            return "results and pictures use an exponential moving average of G's weights (Yazici et al. 2019)";
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("beta", "0.999");
        }

        @Override
        public Trick create(Options o) {
            double beta = o.number("beta", 0, 1);
            if (beta == 1) {
                throw new IllegalArgumentException("--trick ema: beta must be below 1 (1 never moves the average), got '1'");
            }
            return new Ema(beta);
        }
    }
}
