package org.ganlab.experiments;

import java.util.List;
import org.ganlab.backend.Backend;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.tensor.Rng;

/**
 * What an experiment's run gets: its config, the backend (already current on this thread), the
 * tricks, the log, and one seeded random source to split into independent streams.
 */
public record RunContext(RunConfig config, Backend backend, List<Trick> tricks, RunLog log, Rng rng) {
}
