package org.ganlab.experiments.run;

import java.util.List;
import org.ganlab.backend.Backend;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Rng;

/**
 * What an experiment's run gets: its plan, where its results go, the backend (already current on
 * this thread), the log, one seeded random source to split into independent streams (all of them
 * tracked for checkpoints), the catalogue the tricks came from, and the run's checkpoints.
 */
public record RunContext(RunPlan plan, OutputSettings output, Backend backend, RunLog log, Rng rng, Tricks catalog,
        Checkpoints checkpoints) {

    public RunConfig config() {
        return plan.config();
    }

    public Experiment experiment() {
        return plan.experiment();
    }

    public List<Trick> tricks() {
        return plan.tricks();
    }

    /** The experiment's own options: the config's values over the declared defaults. */
    public Options options() {
        return plan.options();
    }

    /**
     * The run's tricks made anew, attached to nothing: for computations beside the training (the
     * Dirac-GAN's theory), which must not share the training's trick state.
     */
    public List<Trick> newTricks() {
        return catalog.create(config().tricks());
    }

    /** The width of D's input for samples {@code sampleWidth} wide: wider by the tricks' packing. */
    public int discriminatorInputWidth(int sampleWidth) {
        return sampleWidth * plan.packing();
    }

    /** The training step the plan asks for, with the run's tricks drawing from {@code trickRng}. */
    public GanStep ganStep(Module d, Module g, Rng trickRng) {
        return new GanStep(d, g, plan.step(), plan.tricks(), Draws.of(trickRng), output.capture());
    }

    /** The shared training loop around {@link #ganStep}. */
    public GanTraining ganTraining(Module d, Module g, Rng trickRng) {
        GanStep step = ganStep(d, g, trickRng);
        checkpoints.track("D", step.discriminatorOptimizer());
        checkpoints.track("G", step.generatorOptimizer());
        plan.tricks().forEach(checkpoints::track);
        return new GanTraining(this, d, g, step);
    }
}
