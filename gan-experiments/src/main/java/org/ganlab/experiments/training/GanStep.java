package org.ganlab.experiments.training;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.autograd.Autograd;
import org.ganlab.experiments.training.StepLosses.DStep;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.experiments.tricks.Trick.DiscriminatorPass;
import org.ganlab.experiments.tricks.Trick.FakeSource;
import org.ganlab.experiments.tricks.Trick.Gradients;
import org.ganlab.experiments.tricks.Trick.Input;
import org.ganlab.experiments.tricks.Trick.LossWeights;
import org.ganlab.experiments.tricks.Trick.Scope;
import org.ganlab.experiments.tricks.Trick.Targets;
import org.ganlab.nn.Module;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.Tensor;

/**
 * One GAN training step, in the shape of PyTorch's DCGAN example:
 *
 * <pre>
 * D step (× d-steps):  fakes = G(z), detached;  L_D = loss on D(real) + loss on D(fakes) + penalties;
 *                      backward into D only;  D's optimiser step
 * G step:              L_G = G's loss on D(G(z));  backward into G only;  G's optimiser step
 * </pre>
 *
 * or, in simultaneous order, both gradients taken at the same parameters before either optimiser
 * steps. Tricks hook in at named points ({@link Trick}); with none the step is the plain one.
 */
public final class GanStep {

    private final Module d;
    private final Module g;
    private final StepSettings settings;
    private final TrickChain tricks;
    private final Targets targets;
    private final LossWeights weights;
    private final List<Tensor> dParams;
    private final List<Tensor> gParams;
    private final Optimizer optD;
    private final Optimizer optG;
    private int stepsDone;

    /**
     * @param dSpec D's optimiser before the tricks change it
     * @param draws where the tricks' random numbers come from
     * @throws IllegalArgumentException if a trick cannot work in this step, or is given twice
     */
    public GanStep(Module d, Module g, StepSettings settings, OptimizerSpec dSpec, OptimizerSpec gSpec,
            List<Trick> tricks, Draws draws) {
        TrickChain.check(settings, tricks);
        this.d = d;
        this.g = g;
        this.settings = settings;
        this.tricks = new TrickChain(tricks);
        this.targets = this.tricks.targets();
        this.weights = this.tricks.weights();
        this.tricks.attach(d, g, draws);
        this.dParams = d.parameters();
        this.gParams = g.parameters();
        this.optD = this.tricks.discriminatorOptimizer(dSpec).create(dParams);
        this.optG = gSpec.create(gParams);
    }

    /** Refuses what the constructor would refuse, without building anything: for checks before a run. */
    public static void check(StepSettings settings, OptimizerSpec dSpec, List<Trick> tricks) {
        TrickChain.check(settings, tricks);
        discriminatorOptimizerSpec(dSpec, tricks);
    }

    /** D's optimiser as the tricks make it from the flags' (weight decay on D, say). */
    public static OptimizerSpec discriminatorOptimizerSpec(OptimizerSpec dSpec, List<Trick> tricks) {
        return new TrickChain(tricks).discriminatorOptimizer(dSpec);
    }

    /** One training step: the D steps, then G's step; or both at once in simultaneous order. */
    public StepLosses run(StepBatches batches) {
        if (batches.d().size() != settings.dSteps()) {
            throw new IllegalArgumentException("a step with --d-steps " + settings.dSteps() + " needs as many D batches, got "
                    + batches.d().size());
        }
        if (settings.order() == Order.SIMULTANEOUS) {
            return simultaneousStep(batches.d().get(0).real(), batches.d().get(0).latent());
        }
        DStep last = null;
        for (StepBatches.DBatch b : batches.d()) {
            last = discriminatorStep(b.real(), b.latent());
        }
        return new StepLosses(last, generatorStep(batches.gLatent()));
    }

    /** One D step: D learns real from fake, with G left alone. */
    public DStep discriminatorStep(Tensor real, Tensor latent) {
        List<Tensor> fakes = tricks.fakes(new FakeSource(g, latent, false));
        if (settings.dUpdate() == DiscriminatorUpdate.SEPARATE) {
            return separateDiscriminatorSteps(real, fakes);
        }
        DiscriminatorLoss dLoss = discriminatorLoss(discriminatorInput(real, Input.REAL), fakeInputs(fakes));
        updateDiscriminator(dLoss.total());
        return dLoss.summary();
    }

    /** The blog's 1010 D step: an optimiser step on the real examples' loss, then one on the fakes'. */
    private DStep separateDiscriminatorSteps(Tensor real, List<Tensor> fakes) {
        Tensor realIn = discriminatorInput(real, Input.REAL);
        Tensor dReal = d.forward(realIn);
        Tensor realLoss = realLoss(dReal);
        Tensor realPenalty = tricks.penalty(new DiscriminatorPass(d, realIn, dReal, List.of(), List.of()));
        Tensor realObjective = plus(realLoss, realPenalty);
        updateDiscriminator(realObjective);

        List<Tensor> fakeIns = fakeInputs(fakes);
        List<Tensor> dFakes = fakeIns.stream().map(d::forward).toList();
        Tensor fakeLoss = fakeLoss(dFakes);
        Tensor fakePenalty = tricks.penalty(new DiscriminatorPass(d, null, null, fakeIns, dFakes));
        Tensor fakeObjective = plus(fakeLoss, fakePenalty);
        updateDiscriminator(fakeObjective);
        Float penalty = realPenalty == null && fakePenalty == null ? null
                : (realPenalty == null ? 0f : realPenalty.item()) + (fakePenalty == null ? 0f : fakePenalty.item());
        return new DStep(realLoss.item(), fakeLoss.item(), penalty, (realObjective.item() + fakeObjective.item()) / 2,
                dReal.mean().item(), meanOf(dFakes));
    }

    /** G's step: G learns to make D call its samples real, through D as it now is. Returns L_G. */
    public float generatorStep(Tensor latent) {
        Tensor generated = tricks.input(g.forward(latent), Input.GENERATED, stepsDone);
        Tensor gLoss = settings.loss().generator(d.forward(generated), settings.dOutput());
        optG.zeroGrad();
        gLoss.backward(gParams);
        optG.step();
        tricks.afterGeneratorStep(g);
        stepsDone++;
        return gLoss.item();
    }

    /**
     * Simultaneous updates: L_D and L_G from one batch of G(z), both gradients taken at the same
     * parameters (G's loss does not touch D's gradient), then both optimisers step.
     */
    public StepLosses simultaneousStep(Tensor real, Tensor latent) {
        LossesAndGradients e = lossesAndGradients(real, latent, false);
        optD.zeroGrad();
        optG.zeroGrad();
        setGradients(dParams, e.gradients().d());
        setGradients(gParams, e.gradients().g());
        optD.step();
        tricks.afterDiscriminatorStep(d);
        optG.step();
        tricks.afterGeneratorStep(g);
        stepsDone++;
        return e.losses();
    }

    /**
     * D's and G's losses and gradients at the current parameters, from one batch: L_D on the real
     * batch and on G(z) (plus penalties), L_G through D on the same G(z); the gradients as the tricks
     * make them (consensus adjusts them). Nothing is updated.
     *
     * <p>Where the gradients are differentiated again (a consensus trick, or the theory's Jacobian),
     * D's fake input stays attached to G: ∇_D L_D keeps its values but is then a function of both
     * players' parameters, so v = (∇_D L_D, ∇_G L_G) is the game's whole vector field and
     * ∂(∇_D L_D)/∂θ_G exists, as Mescheder et al. define consensus optimisation. Otherwise D's fakes
     * are detached, as in a D step.
     *
     * @param createGraph keep the gradients' graphs for the caller to differentiate (the theory)
     */
    public LossesAndGradients lossesAndGradients(Tensor real, Tensor latent, boolean createGraph) {
        boolean graph = createGraph || tricks.needsGradientGraph();
        Tensor realIn = discriminatorInput(real, Input.REAL);
        List<Tensor> fakeIns;
        Tensor generated;
        if (settings.order() == Order.SIMULTANEOUS) { // one batch of G(z) for both losses, as the step trains
            generated = tricks.input(g.forward(latent), Input.FAKE, stepsDone);
            fakeIns = List.of(graph ? generated : leaf(generated.detach()));
        } else { // the theory of an alternating step: D's fakes as a D step makes them, G's input as G's step does
            fakeIns = tricks.fakes(new FakeSource(g, latent, true)).stream()
                    .map(f -> tricks.input(f, Input.FAKE, stepsDone)).toList();
            generated = tricks.input(g.forward(latent), Input.GENERATED, stepsDone);
        }
        DiscriminatorLoss dLoss = discriminatorLoss(realIn, fakeIns);
        Tensor gLoss = settings.loss().generator(d.forward(generated), settings.dOutput());

        Gradients grads = tricks.gradients(new Gradients(dParams, gradients(dLoss.total(), dParams, graph), gParams,
                gradients(gLoss, gParams, graph), createGraph));
        return new LossesAndGradients(new StepLosses(dLoss.summary(), gLoss.item()), grads);
    }

    /** The losses, and the gradients each optimiser would step with. */
    public record LossesAndGradients(StepLosses losses, Gradients gradients) {
    }

    /** L_D = loss on D(real) + mean loss on D(fakes) + the tricks' penalties; nothing updated. */
    private DiscriminatorLoss discriminatorLoss(Tensor realIn, List<Tensor> fakeIns) {
        Tensor dReal = d.forward(realIn);
        List<Tensor> dFakes = fakeIns.stream().map(d::forward).toList();
        Tensor realLoss = realLoss(dReal);
        Tensor fakeLoss = fakeLoss(dFakes);
        Tensor penalty = tricks.penalty(new DiscriminatorPass(d, realIn, dReal, fakeIns, dFakes));
        return new DiscriminatorLoss(realLoss, fakeLoss, penalty, plus(realLoss.add(fakeLoss), penalty), dReal, dFakes);
    }

    /** L_D's parts and D's outputs, read out only when asked (after the backward pass, as a step reports). */
    private record DiscriminatorLoss(Tensor real, Tensor fake, Tensor penalty, Tensor total, Tensor dReal,
            List<Tensor> dFakes) {
        DStep summary() {
            return new DStep(real.item(), fake.item(), item(penalty), total.item(), dReal.mean().item(), meanOf(dFakes));
        }
    }

    private List<Tensor> fakeInputs(List<Tensor> fakes) {
        return fakes.stream().map(f -> discriminatorInput(f, Input.FAKE)).toList();
    }

    private Tensor discriminatorInput(Tensor x, Input which) {
        return leaf(tricks.input(x, which, stepsDone));
    }

    /** A D input: a leaf requiring grad where a penalty differentiates D with respect to it. */
    private Tensor leaf(Tensor x) {
        return tricks.needsInputGradients() ? x.detach().requiresGrad(true) : x;
    }

    private Tensor realLoss(Tensor dReal) {
        return weighted(settings.loss().real(dReal, targets.real(), settings.dOutput()), weights.real());
    }

    /** The mean over fake batches of D's (weighted) loss on each. */
    private Tensor fakeLoss(List<Tensor> dFakes) {
        Tensor total = null;
        for (Tensor dFake : dFakes) {
            Tensor loss = weighted(settings.loss().fake(dFake, targets.fake(), settings.dOutput()), weights.fake());
            total = total == null ? loss : total.add(loss);
        }
        return dFakes.size() == 1 ? total : total.div(dFakes.size());
    }

    private void updateDiscriminator(Tensor dLoss) {
        optD.zeroGrad();
        dLoss.backward(dParams);
        optD.step();
        tricks.afterDiscriminatorStep(d);
    }

    private static List<Tensor> gradients(Tensor loss, List<Tensor> params, boolean createGraph) {
        return Autograd.grad(List.of(loss), params, null, createGraph, true);
    }

    private static void setGradients(List<Tensor> params, List<Tensor> grads) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).setGrad(grads.get(i) == null ? null : grads.get(i).detach());
        }
    }

    private static Tensor weighted(Tensor loss, float weight) {
        return weight == 1f ? loss : loss.mul(weight);
    }

    private static Tensor plus(Tensor loss, Tensor penalty) {
        return penalty == null ? loss : loss.add(penalty);
    }

    private static Float item(Tensor t) {
        return t == null ? null : t.item();
    }

    private static float meanOf(List<Tensor> outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0).mean().item();
        }
        List<Float> means = new ArrayList<>();
        outputs.forEach(o -> means.add(o.mean().item()));
        return (float) means.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * Until closed, G is the generator that results and pictures should show: an EMA trick's average
     * of G's weights, or G itself.
     */
    public Scope evaluate() {
        return tricks.evaluate(g);
    }

    /** What {@link #evaluate} shows instead of the trained G (e.g. {@code ema(beta=0.999)}), or null. */
    public String evaluatedGenerator() {
        return tricks.evaluatedGenerator();
    }

    public StepSettings settings() {
        return settings;
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

    /** Training steps completed. */
    public int stepsDone() {
        return stepsDone;
    }
}
