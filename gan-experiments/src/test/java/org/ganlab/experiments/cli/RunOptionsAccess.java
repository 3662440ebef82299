package org.ganlab.experiments.cli;

import java.util.Set;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.tricks.Tricks;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Tests build configs from command-line flags, through the same parsing and checks as {@code gan run}. */
public final class RunOptionsAccess {

    private RunOptionsAccess() {
    }

    public static RunConfig config(Experiment e, Tricks tricks, String... flags) {
        CommandSpec spec = CommandSpec.create().name(e.name());
        RunOptions.addTo(spec, e, Set.of());
        return RunOptions.config(e, new CommandLine(spec).parseArgs(flags), tricks);
    }
}
