package org.ganlab.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.backend.Backend;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.training.Draws;
import org.ganlab.experiments.training.GanStep;
import org.ganlab.experiments.training.GanTraining;
import org.ganlab.experiments.training.OptimizerSpec;
import org.ganlab.experiments.training.StepSettings;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.nn.Module;
import org.ganlab.experiments.training.Checkpoints;
import org.ganlab.tensor.Rng;

/**
 * What an experiment's run gets: its config, the experiment, the backend (already current on this
 * thread), the tricks, the log, one seeded random source to split into independent streams (all
 * of them tracked for checkpoints), the catalogue the tricks came from, and the run's checkpoints.
 */
public record RunContext(RunConfig config, Experiment experiment, Backend backend, List<Trick> tricks, RunLog log,
        Rng rng, Tricks catalog, Checkpoints checkpoints) {

    /**
     * The run's tricks made anew, attached to nothing: for computations beside the training (the
     * Dirac-GAN's theory), which must not share the training's trick state.
     */
    public List<Trick> newTricks() {
        return catalog.create(config.tricks());
    }

    /** The experiment's own options: the config's values over the declared defaults. */
    public Options options() {
        return options(experiment, config);
    }

    public static Options options(Experiment e, RunConfig c) {
        Map<String, String> defaults = new LinkedHashMap<>();
        e.options().forEach(o -> defaults.put(o.name(), o.defaultValue()));
        return new Options(null, defaults, c.options());
    }

    /** How a GAN experiment's step runs under this config. */
    public static StepSettings stepSettings(Experiment e, RunConfig c) {
        return new StepSettings(e.gan(), GanLosses.get(c.loss()), c.loss(), c.order(), c.dSteps());
    }

    /** D's optimiser as the flags ask for it, before any trick changes it. */
    public static OptimizerSpec discriminatorOptimizerSpec(RunConfig c) {
        return OptimizerSpec.of(c.optimizer(), c.lrD(), c.beta1(), c.beta2());
    }

    public static OptimizerSpec generatorOptimizerSpec(RunConfig c) {
        return OptimizerSpec.of(c.optimizer(), c.lrG(), c.beta1(), c.beta2());
    }

    /** How many samples D judges as one input: the product of the tricks' packing (1 without any). */
    public static int packing(List<Trick> tricks) {
        int m = 1;
        for (Trick t : tricks) {
            m *= t.packing();
        }
        return m;
    }

    /** The width of D's input for samples {@code sampleWidth} wide: wider by the tricks' packing. */
    public int discriminatorInputWidth(int sampleWidth) {
        return sampleWidth * packing(tricks);
    }

    /** The training step this config asks for, with the run's tricks drawing from {@code trickRng}. */
    public GanStep ganStep(Module d, Module g, Rng trickRng) {
        return new GanStep(d, g, stepSettings(experiment, config), discriminatorOptimizerSpec(config),
                generatorOptimizerSpec(config), tricks, Draws.of(trickRng));
    }

    /** The shared training loop around {@link #ganStep}. */
    public GanTraining ganTraining(Module d, Module g, Rng trickRng) {
        GanStep step = ganStep(d, g, trickRng);
        checkpoints.track("D", step.discriminatorOptimizer());
        checkpoints.track("G", step.generatorOptimizer());
        tricks.forEach(checkpoints::track);
        return new GanTraining(this, d, g, step);
    }
}
