package org.ganlab.experiments.cli;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Set;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.dirac.DiracExperiment;
import org.ganlab.experiments.dirac.DiracTheory;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.tricks.Tricks;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code gan dirac-theory [the flags of gan run dirac]}: what the theory predicts for that run, with
 * nothing trained and nothing written.
 */
final class DiracTheoryCommand {

    /** Flags that say where a run's results go: nothing goes anywhere here. */
    private static final Set<Flag> NOT_HERE = EnumSet.of(Flag.OUT, Flag.QUIET, Flag.MLFLOW, Flag.MLFLOW_EXPERIMENT);

    private DiracTheoryCommand() {
    }

    static CommandSpec spec(DiracExperiment dirac, Tricks tricks) {
        CommandSpec spec = CommandSpec.create().name("dirac-theory").mixinStandardHelpOptions(true);
        spec.usageMessage().description("What the theory predicts for 'gan run dirac' with the same flags: the Jacobian of "
                + "the gradient field at the equilibrium (by double backward), its eigenvalues, and the spectral radius "
                + "of the linearised training step for this order and step size.");
        RunOptions.addTo(spec, dirac, NOT_HERE, tricks);
        return spec;
    }

    static int run(DiracExperiment dirac, ParseResult parsed, Tricks tricks, PrintStream out) {
        RunPlan plan = RunOptions.request(dirac, parsed, tricks).plan();
        RunConfig config = plan.config();
        try (var scope = Backends.use(config.backend() == null ? Backends.getDefault() : Backends.get(config.backend()))) {
            DiracTheory theory = new DiracTheory(plan, plan.tricks()); // nothing trains: the plan's tricks are free
            out.print(theory.describe(theory.predict()));
        }
        return 0;
    }
}
