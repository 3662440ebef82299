package org.ganlab.experiments.step;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.ganlab.autograd.Autograd;
import org.ganlab.autograd.GradMode;
import org.ganlab.capture.Readout;
import org.ganlab.capture.StepCapture;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.step.StepLosses.DStep;
import org.ganlab.experiments.step.Trick.DiscriminatorPass;
import org.ganlab.experiments.step.Trick.Gradients;
import org.ganlab.experiments.step.Trick.Input;
import org.ganlab.experiments.step.Trick.Player;
import org.ganlab.nn.Module;
import org.ganlab.optim.LookAhead;
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
    private final StepPlan plan;
    private final TrickChain tricks;
    private final List<Tensor> dParams;
    private final List<Tensor> gParams;
    private final List<Tensor> buffers;
    private final Optimizer optD;
    private final Optimizer optG;
    /**
     * The largest step replayed: 1 GFLOP (the MLP GAN's 0.2 GFLOP step is replayed 12 % faster; a
     * convolutional GAN's 10 to 20 GFLOP step spends a second in arithmetic and microseconds in its
     * calls, and a replay would keep a step's intermediates, a gigabyte at fashion-dcgan's width 1).
     */
    static final long CAPTURE_UP_TO_FLOPS = 1_000_000_000L;

    private final StepCapture<StepLosses> capture;
    private float parameterSum = Float.NaN;
    private int stepsDone;

    /**
     * @param plan the step as planned with these tricks ({@link StepPlan#of})
     * @param draws where the tricks' random numbers come from
     */
    public GanStep(Module d, Module g, StepPlan plan, List<Trick> tricks, Draws draws) {
        this(d, g, plan, tricks, draws, false);
    }

    /**
     * @param capture record the step after a warm-up step and replay it ({@link StepCapture}); the
     *        results are the same bits either way
     */
    public GanStep(Module d, Module g, StepPlan plan, List<Trick> tricks, Draws draws, boolean capture) {
        this.d = d;
        this.g = g;
        this.plan = plan;
        this.tricks = new TrickChain(tricks);
        this.tricks.attach(d, g, draws);
        this.dParams = d.parameters();
        this.gParams = g.parameters();
        this.buffers = new ArrayList<>(d.namedBuffers().values()); // the same tensors all run (assign rebinds their data)
        this.buffers.addAll(g.namedBuffers().values());
        this.optD = plan.dOptimizer().create(dParams);
        this.optG = plan.gOptimizer().create(gParams);
        this.capture = new StepCapture<>(dParams.get(0).backend(), this::state, 1, capture, CAPTURE_UP_TO_FLOPS);
        tricks.stream().filter(t -> !t.replayable()).findFirst().ifPresent(t -> this.capture.stayEager("trick " + t.name()
                + " is not replayable: its work may depend on host state that a replay does not run"));
    }

    /** One training step: the D steps, then G's step; or both at once in simultaneous order. */
    public StepLosses run(StepBatches batches) {
        if (batches.d().size() != plan.dSteps()) {
            throw new IllegalArgumentException("a step with --d-steps " + plan.dSteps() + " needs as many D batches, got "
                    + batches.d().size());
        }
        List<Tensor> inputs = new ArrayList<>();
        batches.d().forEach(b -> {
            inputs.add(b.real());
            inputs.add(b.latent());
        });
        inputs.add(batches.gLatent());
        StepLosses losses = capture.step(inputs, List.of(optD.lr(), optD.weightDecay(), optG.lr(), optG.weightDecay(),
                GradMode.isEnabled()), () -> step(batches).with(parameterSum(), (l, sum) -> {
                    parameterSum = sum;
                    return l;
                }));
        stepsDone++;
        return losses;
    }

    /** The step's tensor work, its losses read after it: what a captured step records and replays. */
    private Readout<StepLosses> step(StepBatches batches) {
        if (plan.order() == Order.SIMULTANEOUS) {
            return simultaneous(batches.d().get(0).real(), batches.d().get(0).latent());
        }
        Readout<DStep> last = null;
        for (StepBatches.DBatch b : batches.d()) {
            last = discriminator(b.real(), b.latent());
        }
        Tensor lastReal = batches.d().get(batches.d().size() - 1).real();
        return last.with(generator(lastReal, batches.gLatent()), StepLosses::new);
    }

    /**
     * The sum of every element of D's and G's parameters after the step: finite only if every
     * parameter is, so that one number read with the losses tells the divergence check whether it
     * must look at the parameters at all (an overflowing sum only makes it look).
     */
    private Readout<Float> parameterSum() {
        try (var noGrad = GradMode.noGrad()) {
            Tensor total = null;
            for (List<Tensor> params : List.of(dParams, gParams)) {
                for (Tensor p : params) {
                    total = total == null ? p.sum() : total.add(p.sum());
                }
            }
            return Readout.of(List.of(total), v -> v[0]);
        }
    }

    /**
     * True when the last {@link #run} left every parameter of D and G finite; false when one may
     * not be (then look at each).
     */
    public boolean parametersFinite() {
        return Float.isFinite(parameterSum);
    }

    /** What the step carries to the next one: parameters, buffers, optimiser and trick state, in a fixed order. */
    private List<Tensor> state() {
        List<Tensor> state = new ArrayList<>(dParams);
        state.addAll(gParams);
        state.addAll(buffers);
        state.addAll(optD.stateTensorList());
        state.addAll(optG.stateTensorList());
        state.addAll(tricks.state());
        return state;
    }

    /** One D step: D learns real from fake, with G left alone. */
    public DStep discriminatorStep(Tensor real, Tensor latent) {
        return discriminator(real, latent).read();
    }

    private Readout<DStep> discriminator(Tensor real, Tensor latent) {
        List<Tensor> fakes = tricks.fakes(g, latent);
        if (plan.dUpdate() == DiscriminatorUpdate.SEPARATE) {
            return separateDiscriminatorSteps(real, fakes);
        }
        DiscriminatorLoss dLoss = discriminatorLoss(discriminatorInput(real, Input.REAL), fakeInputs(fakes));
        updateDiscriminator(dLoss.total());
        return dLoss.summary();
    }

    /** The blog's 1010 D step: an optimiser step on the real examples' loss, then one on the fakes'. */
    private Readout<DStep> separateDiscriminatorSteps(Tensor real, List<Tensor> fakes) {
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
        boolean noPenalty = realPenalty == null && fakePenalty == null;
        List<Tensor> values = new ArrayList<>(List.of(realLoss, fakeLoss, realObjective, fakeObjective, dReal.mean(),
                realPenalty == null ? realLoss : realPenalty, fakePenalty == null ? realLoss : fakePenalty));
        dFakes.forEach(f -> values.add(f.mean()));
        return Readout.of(values, v -> new DStep(v[0], v[1],
                noPenalty ? null : (realPenalty == null ? 0f : v[5]) + (fakePenalty == null ? 0f : v[6]),
                (v[2] + v[3]) / 2, v[4], meanOf(v, 7)));
    }

    /** G's step: G learns to make D call its samples real, through D as it now is. Returns L_G. */
    public float generatorStep(Tensor latent) {
        return generatorStep(null, latent);
    }

    /**
     * G's step, where an unrolled step's look-ahead takes D's loss at this real batch (the step
     * takes its last D batch's). Returns L_G.
     */
    public float generatorStep(Tensor real, Tensor latent) {
        float loss = generator(real, latent).read();
        stepsDone++;
        return loss;
    }

    private Readout<Float> generator(Tensor real, Tensor latent) {
        Tensor generated = tricks.input(g.forward(latent), Input.GENERATED, stepsDone);
        Tensor gLoss = generatorLoss(real, generated);
        optG.zeroGrad();
        gLoss.backward(gParams);
        optG.step();
        tricks.afterUpdate(Player.GENERATOR, g);
        return Readout.of(List.of(gLoss), v -> v[0]);
    }

    /**
     * Simultaneous updates: L_D and L_G from one batch of G(z), both gradients taken at the same
     * parameters (G's loss does not touch D's gradient), then both optimisers step.
     */
    public StepLosses simultaneousStep(Tensor real, Tensor latent) {
        StepLosses losses = simultaneous(real, latent).read();
        stepsDone++;
        return losses;
    }

    private Readout<StepLosses> simultaneous(Tensor real, Tensor latent) {
        Pending e = pendingLossesAndGradients(real, latent, false);
        optD.zeroGrad();
        optG.zeroGrad();
        setGradients(dParams, e.gradients().d());
        setGradients(gParams, e.gradients().g());
        optD.step();
        tricks.afterUpdate(Player.DISCRIMINATOR, d);
        optG.step();
        tricks.afterUpdate(Player.GENERATOR, g);
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
        Pending p = pendingLossesAndGradients(real, latent, createGraph);
        return new LossesAndGradients(p.losses().read(), p.gradients());
    }

    /** The losses still as tensors, and the gradients. */
    private record Pending(Readout<StepLosses> losses, Gradients gradients) {
    }

    private Pending pendingLossesAndGradients(Tensor real, Tensor latent, boolean createGraph) {
        boolean graph = createGraph || plan.gradientGraph();
        Tensor realIn = discriminatorInput(real, Input.REAL);
        List<Tensor> fakeIns;
        Tensor generated;
        if (plan.order() == Order.SIMULTANEOUS) { // one batch of G(z) for both losses, as the step trains
            generated = tricks.input(g.forward(latent), Input.FAKE, stepsDone);
            fakeIns = List.of(graph ? generated : leaf(generated.detach()));
        } else { // the theory of an alternating step: D's fakes as a D step makes them, G's input as G's step does
            fakeIns = attached(tricks.fakes(g, latent), latent).stream()
                    .map(f -> tricks.input(f, Input.FAKE, stepsDone)).toList();
            generated = tricks.input(g.forward(latent), Input.GENERATED, stepsDone);
        }
        DiscriminatorLoss dLoss = discriminatorLoss(realIn, fakeIns);
        Tensor gLoss = generatorLoss(realIn, generated);

        Gradients grads = tricks.gradients(new Gradients(dParams, gradients(dLoss.total(), dParams, graph), gParams,
                gradients(gLoss, gParams, graph)));
        return new Pending(dLoss.summary().with(Readout.of(List.of(gLoss), v -> v[0]), StepLosses::new), grads);
    }

    /** L_G on G's samples: through D as it is, or through D after the plan's look-ahead steps. */
    private Tensor generatorLoss(Tensor real, Tensor generated) {
        return plan.loss().generator(discriminatorAhead(real, generated).apply(generated), plan.dOutput());
    }

    /**
     * The D that G's loss looks through: D itself, or, in an unrolled step, D after
     * {@code lookAhead().steps()} steps of D's optimiser (from its state, Adam's moments included)
     * on D's loss at this real batch and these samples, each step's gradient taken with its graph, so
     * that G's gradient flows through the look-ahead (Metz et al. 2017). D itself is not changed.
     */
    private UnaryOperator<Tensor> discriminatorAhead(Tensor real, Tensor generated) {
        StepPlan.LookAhead unroll = plan.lookAhead();
        if (unroll.steps() == 0) {
            return d::forward;
        }
        if (real == null) {
            throw new IllegalArgumentException("an unrolled G step needs the real batch its look-ahead trains D on");
        }
        LookAhead ahead = optD.lookAhead(Double.isNaN(unroll.lr()) ? optD.lr() : unroll.lr());
        for (int j = 0; j < unroll.steps(); j++) {
            Map<Tensor, Tensor> at = replacing(ahead.params());
            Tensor loss = realLoss(d.forwardWith(at, real)).add(fakeLoss(List.of(d.forwardWith(at, generated))));
            ahead.step(Autograd.grad(List.of(loss), ahead.params(), null, true, true));
        }
        Map<Tensor, Tensor> at = replacing(ahead.params());
        return x -> d.forwardWith(at, x);
    }

    /** D's parameters → their look-ahead values. */
    private Map<Tensor, Tensor> replacing(List<Tensor> values) {
        Map<Tensor, Tensor> at = new IdentityHashMap<>();
        for (int i = 0; i < dParams.size(); i++) {
            at.put(dParams.get(i), values.get(i));
        }
        return at;
    }

    /**
     * D's fakes (made without a graph, as a D step makes them) with G's graph put back: each keeps
     * its value and gets the clean G(z)'s gradient, G(z) + (fake − G(z)) with the difference
     * detached. Exact where the fakes are G(z) itself; first order for G's weight noise.
     */
    private List<Tensor> attached(List<Tensor> fakes, Tensor latent) {
        Tensor clean = g.forward(latent);
        return fakes.stream().map(f -> clean.add(f.sub(clean.detach()))).toList();
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
        Readout<DStep> summary() {
            List<Tensor> values = new ArrayList<>(List.of(real, fake, total, dReal.mean(), penalty == null ? real : penalty));
            dFakes.forEach(f -> values.add(f.mean()));
            return Readout.of(values, v -> new DStep(v[0], v[1], penalty == null ? null : v[4], v[2], v[3], meanOf(v, 5)));
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
        return plan.inputGradients() ? x.detach().requiresGrad(true) : x;
    }

    private Tensor realLoss(Tensor dReal) {
        return weighted(plan.loss().real(dReal, plan.targets().real(), plan.dOutput()), plan.weights().real());
    }

    /** The mean over fake batches of D's (weighted) loss on each. */
    private Tensor fakeLoss(List<Tensor> dFakes) {
        return mean(dFakes.size(), i -> weighted(plan.loss().fake(dFakes.get(i), plan.targets().fake(), plan.dOutput()),
                plan.weights().fake()));
    }

    /** The mean of {@code n} terms: their sum, divided by n when there is more than one. */
    static Tensor mean(int n, IntFunction<Tensor> term) {
        Tensor total = null;
        for (int i = 0; i < n; i++) {
            Tensor t = term.apply(i);
            total = total == null ? t : total.add(t);
        }
        return n == 1 ? total : total.div(n);
    }

    private void updateDiscriminator(Tensor dLoss) {
        optD.zeroGrad();
        dLoss.backward(dParams);
        optD.step();
        tricks.afterUpdate(Player.DISCRIMINATOR, d);
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

    /** The mean of D's mean outputs on the fake batches, {@code means[from..]}: the one, or their average in double. */
    private static float meanOf(float[] means, int from) {
        if (means.length - from == 1) {
            return means[from];
        }
        double sum = 0;
        for (int i = from; i < means.length; i++) {
            sum += means[i];
        }
        return (float) (sum / (means.length - from));
    }

    /**
     * Until closed, G is the generator that results and pictures should show: an EMA trick's average
     * of G's weights, or G itself.
     */
    public Evaluation evaluate() {
        return tricks.evaluate(g);
    }

    public StepPlan plan() {
        return plan;
    }

    public Optimizer discriminatorOptimizer() {
        return optD;
    }

    public Optimizer generatorOptimizer() {
        return optG;
    }

    /** The step's capture: whether it replays, and why not where it stays eager. */
    public StepCapture<StepLosses> capture() {
        return capture;
    }

    /** Training steps completed. */
    public int stepsDone() {
        return stepsDone;
    }
}
