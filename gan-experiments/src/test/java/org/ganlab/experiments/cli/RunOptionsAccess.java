package org.ganlab.experiments.cli;

import java.util.Set;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.tricks.Tricks;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A command line of {@code gan run EXPERIMENT} read as the CLI reads it, for tests. */
public final class RunOptionsAccess {

    private RunOptionsAccess() {
    }

    public static RunOptions.Request request(Experiment e, Tricks tricks, String... flags) {
        CommandSpec spec = CommandSpec.create().name(e.name());
        RunOptions.addTo(spec, e, Set.of(), tricks);
        return RunOptions.request(e, new CommandLine(spec).parseArgs(flags), tricks);
    }

    public static RunConfig config(Experiment e, Tricks tricks, String... flags) {
        return request(e, tricks, flags).config();
    }

    public static RunPlan plan(Experiment e, Tricks tricks, String... flags) {
        return request(e, tricks, flags).plan();
    }
}
