package org.ganlab.experiments;

import java.util.List;
import org.ganlab.backend.Backend;
import org.ganlab.experiments.training.DiscriminatorUpdate;
import org.ganlab.experiments.training.GanLoop;
import org.ganlab.experiments.training.OptimizerSpec;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Rng;

/**
 * What an experiment's run gets: its config, the backend (already current on this thread), the
 * tricks, the log, and one seeded random source to split into independent streams.
 */
public record RunContext(RunConfig config, Backend backend, List<Trick> tricks, RunLog log, Rng rng) {

    /** The GAN loop this config asks for: its loss, optimiser and learning rates, and the run's tricks. */
    public GanLoop ganLoop(Module d, Module g, DiscriminatorUpdate update, Rng trickRng) {
        return new GanLoop(d, g, config.loss(), update, OptimizerSpec.of(config.optimizer(), config.lrD()),
                OptimizerSpec.of(config.optimizer(), config.lrG()), tricks, trickRng);
    }
}
