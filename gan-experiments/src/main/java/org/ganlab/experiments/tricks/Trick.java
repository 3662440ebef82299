package org.ganlab.experiments.tricks;

import java.util.List;
import java.util.Map;
import org.ganlab.experiments.training.Draws;
import org.ganlab.experiments.training.OptimizerSpec;
import org.ganlab.experiments.training.StepSettings;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * A stabilisation trick: one small class that hooks named points of the training step
 * ({@link org.ganlab.experiments.training.GanStep}) and owns whatever state it keeps. Each hook gets
 * what the step would use and returns what it should use instead; the defaults change nothing, so a
 * trick overrides only its own hooks, and tricks compose in the order given.
 *
 * <pre>
 * set-up        check, targets, weights, discriminatorOptimizer, packing, attach
 * each D step   fakes, discriminatorInput, penalty (needsInputGradients), afterDiscriminatorStep
 * each G step   discriminatorInput (GENERATED), afterGeneratorStep
 * simultaneous  gradients (needsGradientGraph)
 * evaluation    evaluate, evaluatedGenerator
 * </pre>
 */
public interface Trick {

    String name();

    /** The settings it applies, recorded in {@code params.json}. */
    Map<String, Object> settings();

    // ------------------------------------------------------------------ set-up

    /**
     * Refuses a step it cannot work in (a loss, an order, a D update or another trick): throws an
     * IllegalArgumentException saying why; the command line exits with 2 and that message.
     */
    default void check(StepSettings step, List<Trick> tricks) {
    }

    /** D's targets for real and fake examples. */
    default Targets targets(Targets targets) {
        return targets;
    }

    /** Multipliers of D's losses on real and fake examples. */
    default LossWeights weights(LossWeights weights) {
        return weights;
    }

    /** How D's optimiser is built. */
    default OptimizerSpec discriminatorOptimizer(OptimizerSpec spec) {
        return spec;
    }

    /**
     * How many samples D judges as one input, side by side (PacGAN's packing); 1 for none. An
     * experiment that builds D for it asks {@code RunContext.discriminatorInputWidth}.
     */
    default int packing() {
        return 1;
    }

    /** Once, before the first step: e.g. spectral normalisation re-parametrises D's layers, EMA copies G. */
    default void attach(Module d, Module g, Draws draws) {
    }

    // ------------------------------------------------------------------ each D step

    /**
     * D's fake batches for one D step: call {@code next} to make them as the step (and later tricks)
     * would: one batch of G(z), without a graph unless the source asks for fakes attached to G. A
     * trick may return several (D's fake loss is their mean).
     */
    default List<Tensor> fakes(FakeSource source, Fakes next) {
        return next.generate(source);
    }

    /**
     * What D sees of a batch: the batch itself, or e.g. the batch plus noise. {@code step} counts
     * the training steps done before this one (0 for the first).
     */
    default Tensor discriminatorInput(Tensor x, Input which, int step) {
        return x;
    }

    /** Whether {@link #penalty} differentiates D with respect to its inputs (they then require grad). */
    default boolean needsInputGradients() {
        return false;
    }

    /** A term added to D's loss in this D step (R1, a gradient penalty, ...), or null for none. */
    default Tensor penalty(DiscriminatorPass pass) {
        return null;
    }

    /** After each optimiser step of D (weight clipping). */
    default void afterDiscriminatorStep(Module d) {
    }

    // ------------------------------------------------------------------ each G step

    /** After each optimiser step of G (an average of G's weights). */
    default void afterGeneratorStep(Module g) {
    }

    // ------------------------------------------------------------------ simultaneous order

    /** Whether {@link #gradients} needs D's and G's gradients with a graph (to differentiate them again). */
    default boolean needsGradientGraph() {
        return false;
    }

    /** D's and G's gradients, taken at the same parameters, before both optimisers step. */
    default Gradients gradients(Gradients gradients) {
        return gradients;
    }

    // ------------------------------------------------------------------ evaluation

    /**
     * Makes {@code g} the generator that results, snapshots and pictures show (an EMA trick swaps in
     * its average) until the returned scope closes; training never sees it.
     */
    default Scope evaluate(Module g) {
        return () -> { };
    }

    /** What {@link #evaluate} shows instead of the trained G, e.g. {@code ema(beta=0.999)}; null if nothing. */
    default String evaluatedGenerator() {
        return null;
    }

    /** D's targets. */
    record Targets(float real, float fake) {
    }

    /** Multipliers of D's real and fake losses. */
    record LossWeights(float real, float fake) {
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

    /**
     * The generator and the latent batch a D step makes its fakes from.
     *
     * @param attached whether the fakes must keep their graph to G's parameters: the Dirac-GAN's theory
     *     differentiates D's gradient with respect to G's; a training step never asks for it
     */
    record FakeSource(Module generator, Tensor latent, boolean attached) {

        /** The same source, asking for fakes without a graph. */
        public FakeSource detached() {
            return new FakeSource(generator, latent, false);
        }
    }

    /** Makes a D step's fake batches; the rest of the chain after a trick's {@link #fakes} hook. */
    @FunctionalInterface
    interface Fakes {
        List<Tensor> generate(FakeSource source);
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
    }

    /**
     * D's and G's gradients, in the order of their parameters (null where a parameter gets none).
     *
     * @param createGraph whether whoever receives them differentiates them again (the Dirac-GAN's
     *     theory takes the Jacobian of this field): a hook must then keep their graphs
     */
    record Gradients(List<Tensor> dParams, List<Tensor> d, List<Tensor> gParams, List<Tensor> g, boolean createGraph) {
    }

    /** Closing ends what a hook started. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    // ------------------------------------------------------------------ checkpoints

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
}
