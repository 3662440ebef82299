package org.ganlab.experiments.step;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLoss;

/**
 * How one GAN training step runs, resolved once, before anything is built: the experiment's
 * networks, the loss, the order, and everything the tricks change (D's targets and loss weights,
 * D's optimiser, packing, what the step must keep for them). {@link #of} checks it as a whole.
 *
 * @param lossName the name the loss was chosen by ({@code bce} or {@code non-saturating}, say)
 * @param dSteps D steps per G step (alternating order only)
 * @param dOptimizer D's optimiser, as the tricks leave it (weight decay on D, say)
 * @param packing how many samples D judges as one input, side by side (PacGAN), 1 for none
 * @param inputGradients whether D's inputs must require grad (a penalty differentiates D with respect to them)
 * @param inputGradientPenalty whether a trick penalises D's gradient with respect to its inputs (R1, WGAN-GP),
 *     which normalisation over the batch in D would make depend on the whole batch
 * @param gradientGraph whether simultaneous gradients keep their graph (a trick differentiates them again)
 * @param lookAhead the D steps G's loss looks ahead through (the unrolled GAN), none by default
 */
public record StepPlan(GanSpec spec, GanLoss loss, String lossName, Order order, int dSteps, Targets targets,
        LossWeights weights, OptimizerSpec dOptimizer, OptimizerSpec gOptimizer, int packing, boolean inputGradients,
        boolean inputGradientPenalty, boolean gradientGraph, LookAhead lookAhead) {

    /**
     * G's loss is taken through {@code steps} look-ahead steps of D's optimiser from D as it is, on
     * D's loss at the step's real batch and G's samples, differentiated through (Metz et al. 2017).
     *
     * @param lr the look-ahead's learning rate; NaN for D's own
     */
    public record LookAhead(int steps, double lr) {
        static final LookAhead NONE = new LookAhead(0, Double.NaN);
    }

    /** D's targets for real and fake examples. */
    public record Targets(float real, float fake) {
    }

    /** Multipliers of D's losses on real and fake examples. */
    public record LossWeights(float real, float fake) {
    }

    public DOutput dOutput() {
        return spec.dOutput();
    }

    public DiscriminatorUpdate dUpdate() {
        return spec.dUpdate();
    }

    /**
     * The plan of a step with these settings and tricks: combinations no step can run are refused
     * (the message names the flag), then each trick, in order, refuses what it cannot work with or
     * changes the plan.
     *
     * @param dOptimizer and {@code gOptimizer}: as the flags ask for them, before any trick
     */
    public static StepPlan of(GanSpec spec, GanLoss loss, String lossName, Order order, int dSteps,
            OptimizerSpec dOptimizer, OptimizerSpec gOptimizer, List<Trick> tricks) {
        if (!loss.accepts(spec.dOutput())) {
            throw new IllegalArgumentException("--loss " + lossName + " needs a discriminator that outputs a logit or "
                    + "critic value; this experiment's D ends in a sigmoid");
        }
        if (dSteps < 1) {
            throw new IllegalArgumentException("--d-steps must be a whole number >= 1, got " + dSteps);
        }
        if (order == Order.SIMULTANEOUS && spec.dUpdate() == DiscriminatorUpdate.SEPARATE) {
            throw new IllegalArgumentException("--order simultaneous needs one D update per step; this experiment "
                    + "updates D on real and on fake examples separately");
        }
        if (order == Order.SIMULTANEOUS && dSteps != 1) {
            throw new IllegalArgumentException("--d-steps " + dSteps + " needs --order alternating (simultaneous "
                    + "updates take one D and one G step from the same parameters)");
        }
        Set<String> names = new HashSet<>();
        for (Trick t : tricks) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("--trick " + t.name() + " is given twice; give each trick once, "
                        + "with all its options");
            }
        }
        Builder b = new Builder(new StepPlan(spec, loss, lossName, order, dSteps, new Targets(1f, 0f),
                new LossWeights(1f, 1f), dOptimizer, gOptimizer, 1, false, false, false, LookAhead.NONE), tricks);
        for (Trick t : tricks) {
            t.configure(b);
        }
        return b.build();
    }

    /** What a trick's {@link Trick#configure} reads of the step and changes in it. */
    public static final class Builder {
        private final StepPlan settings;
        private final List<Trick> tricks;
        private Targets targets;
        private LossWeights weights;
        private OptimizerSpec dOptimizer;
        private int packing;
        private boolean inputGradients;
        private boolean inputGradientPenalty;
        private boolean gradientGraph;
        private LookAhead lookAhead = LookAhead.NONE;

        Builder(StepPlan start, List<Trick> tricks) {
            this.settings = start;
            this.tricks = List.copyOf(tricks);
            this.targets = start.targets;
            this.weights = start.weights;
            this.dOptimizer = start.dOptimizer;
            this.packing = start.packing;
        }

        public GanLoss loss() {
            return settings.loss;
        }

        public String lossName() {
            return settings.lossName;
        }

        public Order order() {
            return settings.order;
        }

        public int dSteps() {
            return settings.dSteps;
        }

        public DiscriminatorUpdate dUpdate() {
            return settings.dUpdate();
        }

        /** Every trick of the step, this one included, in order. */
        public List<Trick> tricks() {
            return tricks;
        }

        public Targets targets() {
            return targets;
        }

        public void targets(Targets t) {
            targets = t;
        }

        public LossWeights weights() {
            return weights;
        }

        public void weights(LossWeights w) {
            weights = w;
        }

        public OptimizerSpec dOptimizer() {
            return dOptimizer;
        }

        public void dOptimizer(OptimizerSpec spec) {
            dOptimizer = spec;
        }

        /** D judges {@code m} samples side by side as one input (multiplying any packing before). */
        public void pack(int m) {
            packing *= m;
        }

        /** D's inputs require grad: the trick's penalty differentiates D with respect to them. */
        public void needInputGradients() {
            inputGradients = true;
        }

        /** The trick penalises D's gradient with respect to its inputs (an experiment may then change D's normalisation). */
        public void penaliseInputGradients() {
            inputGradientPenalty = true;
        }

        /**
         * Simultaneous gradients keep their graph, and D's fakes stay attached to G for them: the
         * trick's {@link Trick#gradients} differentiates them again.
         */
        public void needGradientGraph() {
            gradientGraph = true;
        }

        /** G's loss looks through D after these look-ahead steps ({@link StepPlan#lookAhead}). */
        public void lookAhead(LookAhead l) {
            lookAhead = l;
        }

        StepPlan build() {
            StepPlan s = settings;
            return new StepPlan(s.spec, s.loss, s.lossName, s.order, s.dSteps, targets, weights, dOptimizer, s.gOptimizer,
                    packing, inputGradients, inputGradientPenalty, gradientGraph, lookAhead);
        }
    }
}
