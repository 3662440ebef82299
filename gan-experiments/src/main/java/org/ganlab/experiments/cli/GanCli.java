package org.ganlab.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ganlab.backend.BackendProvider;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.dirac.DiracExperiment;
import org.ganlab.experiments.io.Versions;
import org.ganlab.experiments.losses.GanLoss;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.tricks.TrickFactory;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.experiments.wiring.Gan;
import org.ganlab.experiments.wiring.Plugins;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code gan list}, {@code gan run EXPERIMENT [flags]}. A user error (bad flag or value) prints one
 * line naming the flag and what is allowed, and exits with 2; no stack trace.
 */
public final class GanCli {

    public static final int USAGE = 2;

    private final Gan gan;
    private final PrintStream out;
    private final PrintStream err;

    public GanCli(Gan gan, PrintStream out, PrintStream err) {
        this.gan = gan;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Gan gan;
        try {
            gan = new Gan();
        } catch (Plugins.PluginConflictException e) {
            System.err.println("gan: " + e.getMessage());
            System.exit(USAGE);
            return;
        }
        System.exit(new GanCli(gan, System.out, System.err).execute(args));
    }

    CommandLine commandLine() {
        CommandSpec root = CommandSpec.create().name("gan").mixinStandardHelpOptions(true)
                .version("gan-lab " + Versions.ganLab());
        root.usageMessage().description("Experiments with generative adversarial networks.");
        CommandSpec list = CommandSpec.create().name("list").mixinStandardHelpOptions(true);
        list.usageMessage().description("Experiments, tricks and backends found on the classpath.");
        CommandSpec run = CommandSpec.create().name("run").mixinStandardHelpOptions(true);
        run.usageMessage().description("Runs an experiment; 'gan run EXPERIMENT --help' shows its flags and defaults.");
        CommandLine cli = new CommandLine(root);
        CommandLine runCli = new CommandLine(run);
        for (Experiment e : gan.get(Experiments.class).all()) {
            CommandSpec spec = CommandSpec.create().name(e.name()).mixinStandardHelpOptions(true);
            List<String> description = new java.util.ArrayList<>(List.of(e.description(), ""));
            e.helpText().forEach(paragraph -> description.addAll(List.of(paragraph, "")));
            description.add("Each flag shows the experiment's own default.");
            spec.usageMessage().description(description.toArray(String[]::new));
            RunOptions.addTo(spec, e, java.util.Set.of(), gan.get(Tricks.class));
            runCli.addSubcommand(e.name(), new CommandLine(spec));
        }
        CommandSpec sweep = CommandSpec.create().name("sweep").mixinStandardHelpOptions(true);
        sweep.usageMessage().description("Runs an experiment over a grid of settings times seeds, in parallel, and "
                + "reports success rates with 95 %% intervals; 'gan sweep EXPERIMENT --help' shows its flags.");
        CommandLine sweepCli = new CommandLine(sweep);
        for (Experiment e : gan.get(Experiments.class).all()) {
            sweepCli.addSubcommand(e.name(), new CommandLine(SweepOptions.spec(e, gan.get(Tricks.class))));
        }
        cli.addSubcommand("sweep", sweepCli);
        cli.addSubcommand("sweep-report", new CommandLine(SweepOptions.reportSpec()));
        cli.addSubcommand("dirac-theory", new CommandLine(DiracTheoryCommand.spec(dirac(), gan.get(Tricks.class))));
        cli.addSubcommand("mlflow-sync", new CommandLine(MlflowSyncCommand.spec()));
        cli.addSubcommand("resume", new CommandLine(ResumeCommand.spec()));
        cli.addSubcommand("classifier", new CommandLine(ClassifierCommand.spec()));
        cli.addSubcommand("list", new CommandLine(list));
        cli.addSubcommand("run", runCli);
        HelpText.wrap(cli);
        setOut(cli, new PrintWriter(out, true));
        return cli;
    }

    private static void setOut(CommandLine cli, PrintWriter writer) {
        cli.setOut(writer);
        cli.getSubcommands().values().forEach(c -> setOut(c, writer));
    }

    public int execute(String... args) {
        CommandLine cli = commandLine();
        try {
            ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            if (!parsed.hasSubcommand()) {
                cli.usage(out);
                return USAGE;
            }
            ParseResult sub = parsed.subcommand();
            String command = sub.commandSpec().name();
            if (command.equals("list")) {
                list();
                return 0;
            }
            if (command.equals("sweep-report")) {
                return SweepOptions.report(gan, sub, out, err);
            }
            if (command.equals("dirac-theory")) {
                return DiracTheoryCommand.run(dirac(), sub, gan.get(Tricks.class), out);
            }
            if (command.equals("mlflow-sync")) {
                return MlflowSyncCommand.run(sub, out, err);
            }
            if (command.equals("classifier")) {
                return ClassifierCommand.run(sub, out);
            }
            if (command.equals("resume")) {
                RunOptions.Request resumed = ResumeCommand.request(gan, sub);
                return report(gan.run(resumed.plan(), resumed.output()));
            }
            if (!sub.hasSubcommand()) {
                return fail("gan " + command + ": which experiment? available: " + gan.get(Experiments.class).names());
            }
            ParseResult exp = sub.subcommand();
            Experiment experiment = gan.get(Experiments.class).get(exp.commandSpec().name());
            if (command.equals("sweep")) {
                return SweepOptions.sweep(gan, experiment, exp, out, err);
            }
            RunOptions.Request request = RunOptions.request(experiment, exp, gan.get(Tricks.class));
            return report(gan.run(request.plan(), request.output()));
        } catch (ParameterException e) {
            return fail(userMessage(e));
        } catch (IllegalArgumentException e) {
            return fail(prefix(args) + e.getMessage());
        } catch (IOException e) {
            err.println("gan: cannot write run files: " + e.getMessage());
            return 1;
        }
    }

    private DiracExperiment dirac() {
        return (DiracExperiment) gan.get(Experiments.class).get("dirac");
    }

    private int fail(String message) {
        err.println(message);
        return USAGE;
    }

    private static String prefix(String[] args) {
        if (args.length >= 2 && (args[0].equals("run") || args[0].equals("sweep"))) {
            return "gan " + args[0] + " " + args[1] + ": ";
        }
        return args.length >= 1 && (args[0].equals("sweep-report") || args[0].equals("mlflow-sync")
                || args[0].equals("dirac-theory") || args[0].equals("resume"))
                ? "gan " + args[0] + ": " : args.length >= 2 && args[0].equals("classifier")
                ? "gan classifier " + args[1] + ": " : "gan: ";
    }

    /** Picocli's message, or a clearer one for a flag that exists but not for this experiment. */
    private String userMessage(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String where = spec.qualifiedName(" ");
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean known = Arrays.stream(Flag.values()).anyMatch(f -> f.option().equals(option));
            boolean experimentCommand = spec.parent() != null
                    && (spec.parent().name().equals("run") || spec.parent().name().equals("sweep"));
            if (known && experimentCommand) {
                return where + ": " + option + " does not apply to " + spec.name() + "; its flags: "
                        + spec.options().stream().map(o -> o.longestName()).filter(n -> !n.equals("--help")
                                && !n.equals("--version")).collect(Collectors.joining(", "));
            }
            if (spec.name().equals("run") || spec.name().equals("sweep")) {
                return "gan " + spec.name() + ": unknown experiment '" + arg + "'; available: "
                        + gan.get(Experiments.class).names();
            }
            return where + ": unknown " + (arg.startsWith("-") ? "option" : "argument") + " '" + arg + "'; see '"
                    + where + " --help'";
        }
        return where + ": " + e.getMessage();
    }

    private void list() {
        out.println("Experiments (gan run NAME):");
        for (Experiment e : gan.get(Experiments.class).all()) {
            out.printf("  %-20s %s%n", e.name(), e.description());
        }
        out.println();
        out.println("Tricks (--trick NAME[:key=value,...]):");
        for (TrickFactory t : gan.get(Tricks.class).factories()) {
            String options = t.defaults().entrySet().stream().map(en -> en.getKey() + "=" + en.getValue())
                    .collect(Collectors.joining(","));
            out.printf("  %-20s %s [%s]%n", t.name(), t.description(), options);
        }
        out.println();
        out.println("Losses (--loss NAME), on D's output d:");
        for (GanLoss l : GanLosses.all()) {
            String aliases = l.names().size() > 1 ? " (also " + String.join(", ", l.names().subList(1, l.names().size())) + ")" : "";
            out.printf("  %-20s %s%s%n", l.names().get(0), l.description(), aliases);
        }
        out.println();
        out.println("Backends (--backend NAME, -D" + Backends.PROPERTY + ", " + Backends.ENVIRONMENT + "):");
        for (BackendProvider p : Backends.providers()) {
            out.printf("  %-20s priority %d, %s%n", p.name(), p.priority(),
                    p.isAvailable() ? "available" : "unavailable: " + p.unavailableReason());
        }
    }

    private int report(RunRecord r) {
        if (!r.output().quiet()) {
            StringBuilder line = new StringBuilder(r.config().experiment()).append(' ').append(r.status());
            if (r.status() == RunRecord.Status.DIVERGED) {
                line.append(" at step ").append(r.divergedAtStep()).append(" (").append(r.divergedReason()).append(')');
            }
            r.success().ifPresent(ok -> line.append(ok ? ", success" : ", no success"));
            line.append(String.format(" in %.1f s on %s", r.seconds(), r.backend()));
            out.println(line);
            for (Map.Entry<String, Object> e : r.results().entrySet()) {
                Object v = e.getValue();
                out.printf("  %s: %s%n", e.getKey(), v instanceof float[] f ? Arrays.toString(f) : v);
            }
            out.println("  run folder: " + r.dir() + " (open report.html)");
            if (r.output().tracking() != null) {
                out.println("  " + trackingLine(r.dir()));
            }
        }
        return 0;
    }

    /** Where a folder's MLflow logging stands, in one line. */
    static String trackingLine(java.nio.file.Path dir) {
        try {
            org.ganlab.experiments.tracking.SyncState s = org.ganlab.experiments.tracking.SyncState.load(dir);
            if (s.finished || (s.status == null && s.lastError == null && s.runId != null)) {
                return "MLflow: run " + s.runId + " in experiment '" + s.experimentName + "' at " + s.trackingUri;
            }
            return "MLflow: not sent yet (" + s.lastError + "); spooled in " + dir.resolve("mlflow")
                    + "; send it later with: gan mlflow-sync " + dir;
        } catch (IOException e) {
            return "MLflow: no sync state in " + dir + " (" + e.getMessage() + ")";
        }
    }
}
