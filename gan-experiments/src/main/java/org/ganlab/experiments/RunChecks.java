package org.ganlab.experiments;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.experiments.losses.GanLoss;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.training.GanStep;
import org.ganlab.experiments.tricks.Trick;

/**
 * Refuses a config an experiment cannot run, before anything is written: unknown or bad options,
 * optimiser settings that do not apply, a loss or trick that cannot work with the experiment's
 * networks, order or other tricks. The command line exits with 2 and the message.
 */
public final class RunChecks {

    private RunChecks() {
    }

    /**
     * The loss names (aliases included) the experiment accepts with its other defaults: the ones
     * {@link #check} lets through, so {@code --help} lists no loss the run would then refuse.
     */
    public static List<String> acceptedLosses(Experiment e) {
        List<String> accepted = new ArrayList<>();
        for (GanLoss loss : GanLosses.all()) {
            for (String name : loss.names()) { // an experiment may take a loss under one of its names only
                RunConfig.Builder b = e.defaults().toBuilder();
                b.loss = name;
                try {
                    check(e, b.build(), List.of());
                    accepted.add(name);
                } catch (IllegalArgumentException refused) {
                    // not for this experiment
                }
            }
        }
        return accepted;
    }

    public static void check(Experiment e, RunConfig c, List<Trick> tricks) {
        RunContext.options(e, c);
        e.validate(c);
        if (e.flags().contains(Flag.OPTIMIZER)) {
            RunContext.discriminatorOptimizerSpec(c);
            RunContext.generatorOptimizerSpec(c);
        }
        if (e.gan() != null) {
            GanStep.check(RunContext.stepSettings(e, c), RunContext.discriminatorOptimizerSpec(c), tricks);
        }
        int packing = RunContext.packing(tricks);
        if (packing > 1 && (e.gan() == null || !e.gan().packedInputs())) {
            throw new IllegalArgumentException("--trick packing: " + e.name() + " builds D for one sample per input; "
                    + "packing needs an experiment that sizes D's input for it, such as ring or grid");
        }
        if (packing > 1 && c.batch() % packing != 0) {
            throw new IllegalArgumentException("--batch " + c.batch() + " must be a multiple of packing's m = " + packing);
        }
    }
}
