package org.ganlab.experiments.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.tricks.FakeLoss;
import org.ganlab.experiments.tricks.FakeLossStep;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.experiments.tricks.Trick.LossWeights;
import org.ganlab.experiments.tricks.Trick.Targets;
import org.ganlab.loss.Loss;
import org.ganlab.nn.Module;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * One GAN training step: D learns real from fake (targets 1 and 0), then G learns through D with
 * only G updated. Tricks hook in where the step decides D's targets, loss weights, optimiser and
 * fake loss.
 */
public final class GanLoop {

    private final Module d;
    private final Module g;
    private final GanLossKind loss;
    private final DiscriminatorUpdate update;
    private final Optimizer optD;
    private final Optimizer optG;
    private final Targets targets;
    private final LossWeights weights;
    private final FakeLoss fakeLoss;
    private final Rng trickRng;

    /** The losses of one step, as recorded. */
    public record StepLosses(float dReal, float dFake, float g) {

        /**
         * The step's metrics, in the order they are recorded: d_loss_real, d_loss_fake, d_loss (the
         * experiment's reading of D's loss: the mean of two separate steps, or the sum of one joint one)
         * and g_loss; an experiment adds its own after them.
         */
        public Map<String, Float> metrics(float dLoss) {
            Map<String, Float> m = new LinkedHashMap<>();
            m.put("d_loss_real", dReal);
            m.put("d_loss_fake", dFake);
            m.put("d_loss", dLoss);
            m.put("g_loss", g);
            return m;
        }
    }

    public GanLoop(Module d, Module g, GanLossKind loss, DiscriminatorUpdate update, OptimizerSpec dSpec,
            OptimizerSpec gSpec, List<Trick> tricks, Rng trickRng) {
        this.d = d;
        this.g = g;
        this.loss = loss;
        this.update = update;
        this.trickRng = trickRng;
        Targets t = new Targets(1f, 0f);
        LossWeights w = new LossWeights(1f, 1f);
        OptimizerSpec spec = dSpec;
        FakeLoss chain = GanLoop::detachedFakesLoss;
        // Reverse order so that the first trick given is the outermost hook of the fake loss.
        for (int i = tricks.size() - 1; i >= 0; i--) {
            Trick trick = tricks.get(i);
            FakeLoss next = chain;
            chain = step -> trick.fakeLoss(step, next);
        }
        for (Trick trick : tricks) {
            t = trick.targets(t);
            w = trick.weights(w);
            spec = trick.discriminatorOptimizer(spec);
        }
        this.targets = t;
        this.weights = w;
        this.fakeLoss = chain;
        this.optD = spec.create(d.parameters());
        this.optG = gSpec.create(g.parameters());
    }

    /** The loop's own fake loss: D's loss on G's output, computed without a graph through G. */
    private static Tensor detachedFakesLoss(FakeLossStep step) {
        Tensor fakes;
        try (var noGrad = GradMode.noGrad()) {
            fakes = step.generator().forward(step.latent());
        }
        return step.lossOnFakes().apply(fakes);
    }

    public StepLosses step(Tensor real, Tensor latentForD, Tensor latentForG) {
        Loss dLoss = loss.discriminatorLoss();
        Function<Tensor, Tensor> lossOnFakes = fakes -> weighted(dLoss.apply(d.forward(fakes), targets.fake()), weights.fake());
        FakeLossStep fakeStep = new FakeLossStep(g, latentForD, lossOnFakes, trickRng);
        Tensor realLoss;
        Tensor fakeLossValue;
        optD.zeroGrad();
        realLoss = weighted(dLoss.apply(d.forward(real), targets.real()), weights.real());
        if (update == DiscriminatorUpdate.SEPARATE) {
            realLoss.backward();
            optD.step();
            optD.zeroGrad();
            fakeLossValue = fakeLoss.compute(fakeStep);
            fakeLossValue.backward();
        } else {
            fakeLossValue = fakeLoss.compute(fakeStep);
            realLoss.add(fakeLossValue).backward();
        }
        optD.step();

        optG.zeroGrad();
        Tensor gLoss = loss.generatorLoss(d.forward(g.forward(latentForG)));
        gLoss.backward();
        optG.step();
        return new StepLosses(realLoss.item(), fakeLossValue.item(), gLoss.item());
    }

    private static Tensor weighted(Tensor loss, float weight) {
        return weight == 1f ? loss : loss.mul(weight);
    }

    public Targets targets() {
        return targets;
    }

    public LossWeights weights() {
        return weights;
    }

    public Optimizer discriminatorOptimizer() {
        return optD;
    }

    public Optimizer generatorOptimizer() {
        return optG;
    }
}
