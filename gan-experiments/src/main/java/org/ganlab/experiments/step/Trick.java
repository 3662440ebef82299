package org.ganlab.experiments.step;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * A stabilisation trick: one small class that hooks named points of the training step
 * ({@link GanStep}) and owns whatever state it keeps, as a PyTorch Lightning callback does. Each
 * hook gets what the step would use and returns what it should use instead; the defaults change
 * nothing, so a trick overrides only its own hooks, and tricks compose in the order given.
 *
 * <pre>
 * planning      configure (refuse, or change targets, loss weights, D's optimiser, packing, what the step keeps)
 * once          attach
 * each D step   fakes, discriminatorInput, penalty, afterUpdate(DISCRIMINATOR)
 * each G step   discriminatorInput (GENERATED), afterUpdate(GENERATOR)
 * simultaneous  gradients
 * evaluation    evaluate
 * checkpoints   state, loadState
 * </pre>
 */
public interface Trick {

    String name();

    /** The settings it applies, recorded in {@code params.json}. */
    Map<String, Object> settings();

    /**
     * Once, when the run is planned: refuses a step it cannot work in (a loss, an order, a D update or
     * another trick) by throwing an IllegalArgumentException that says why (the command line exits 2
     * with it), and changes the plan where the trick does (D's targets, loss weights, D's optimiser,
     * packing, or what the step must keep for it).
     */
    default void configure(StepPlan.Builder plan) {
    }

    /** Once, before the first step: e.g. spectral normalisation re-parametrises D's layers, EMA copies G. */
    default void attach(Module d, Module g, Draws draws) {
    }

    /**
     * D's fake batches for one D step, without a graph: call {@code next} to make them as the step
     * (and later tricks) would, one batch of G(z). A trick may return several (D's fake loss is their
     * mean).
     */
    default List<Tensor> fakes(Module g, Tensor latent, Fakes next) {
        return next.generate(g, latent);
    }

    /**
     * What D sees of a batch: the batch itself, or e.g. the batch plus noise. {@code step} counts
     * the training steps done before this one (0 for the first).
     */
    default Tensor discriminatorInput(Tensor x, Input which, int step) {
        return x;
    }

    /**
     * A term added to D's loss in this D step (R1, a gradient penalty, ...), or null for none. A trick
     * that differentiates D with respect to its inputs says so in {@link #configure}.
     */
    default Tensor penalty(DiscriminatorPass pass) {
        return null;
    }

    /** After each optimiser step of a network (weight clipping after D's, an average of G's weights after G's). */
    default void afterUpdate(Player player, Module network) {
    }

    /**
     * Simultaneous order: D's and G's gradients, taken at the same parameters with their graphs,
     * before both optimisers step. A trick that changes them keeps their graphs (they may be
     * differentiated again); one that needs them says so in {@link #configure}.
     */
    default Gradients gradients(Gradients gradients) {
        return gradients;
    }

    /**
     * Makes {@code g} the generator that results, snapshots and pictures show (an EMA trick swaps in
     * its average) until {@link Shown#restore} runs; null where the trick shows G as trained.
     */
    default Shown evaluate(Module g) {
        return null;
    }

    /**
     * What the trick carries from step to step (EMA's averages, spectral norm's vectors), for
     * checkpoints: tensors in a fixed order, null where there is none yet. None by default.
     */
    default List<Tensor> state() {
        return List.of();
    }

    /** Continues from a checkpoint: tensors as {@link #state} gave them, after {@link #attach}. */
    default void loadState(List<Tensor> saved) {
    }

    /**
     * Whether a captured step may replay this trick's work ({@code --capture}, {@link GanStep}): true
     * when the tensor work it adds is the same every step given its {@link #state} tensors and the
     * step's draws, so that no host-side counter, flag or value read back decides what it computes.
     * False by default, so that a plug-in's step stays eager unless its author says otherwise: a
     * replay runs none of the trick's Java code.
     */
    default boolean replayable() {
        return false;
    }

    /**
     * Whether D's step stays what the plan makes it with this trick: D's loss on its inputs as they
     * are, its optimiser, no penalty, no change to D's inputs, weights or forward pass, nothing done
     * to D after its update. Tricks that change only D's targets, loss weights or optimiser, or only
     * G, do. An unrolled step's look-ahead repeats D's step without the tricks' hooks, so it refuses
     * a trick that does not. False by default.
     */
    default boolean keepsDiscriminatorStep() {
        return false;
    }

    /** Which network an optimiser step updated. */
    enum Player {
        DISCRIMINATOR, GENERATOR
    }

    /** Which of D's inputs a batch is. */
    enum Input {
        /** Real examples, in a D step. */
        REAL("noise_real"),
        /** G's samples, detached, in a D step. */
        FAKE("noise_fake"),
        /** G's samples in G's step, with their graph. */
        GENERATED("noise_generated");

        private final String noisePurpose;

        Input(String noisePurpose) {
            this.noisePurpose = noisePurpose;
        }

        /** The {@link Draws} purpose of noise added to this input. */
        public String noisePurpose() {
            return noisePurpose;
        }
    }

    /** Makes a D step's fake batches; the rest of the chain after a trick's {@link #fakes} hook. */
    @FunctionalInterface
    interface Fakes {
        List<Tensor> generate(Module g, Tensor latent);
    }

    /**
     * One forward pass of D in a D step: its inputs and outputs. A step that updates D on real and
     * fake examples separately has no fakes in its real part and no real input in its fake part.
     *
     * @param realInput D's real input (null in a fake-only part)
     * @param fakeInputs D's fake inputs, one per fake batch (empty in a real-only part)
     */
    record DiscriminatorPass(Module d, Tensor realInput, Tensor realOutput, List<Tensor> fakeInputs,
            List<Tensor> fakeOutputs) {

        /** The mean over the fake batches of {@code term}(input, output), or null in a real-only part. */
        public Tensor meanOverFakes(BiFunction<Tensor, Tensor, Tensor> term) {
            return fakeInputs.isEmpty() ? null
                    : GanStep.mean(fakeInputs.size(), i -> term.apply(fakeInputs.get(i), fakeOutputs.get(i)));
        }
    }

    /** D's and G's gradients, in the order of their parameters (null where a parameter gets none). */
    record Gradients(List<Tensor> dParams, List<Tensor> d, List<Tensor> gParams, List<Tensor> g) {
    }

    /**
     * What {@link #evaluate} shows instead of the trained G ({@code ema(beta=0.999)}, recorded with
     * the results), and how to put the trained G back.
     */
    record Shown(String generator, Runnable restore) {
    }
}
