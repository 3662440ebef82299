package org.ganlab.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.Numbers;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.io.RunDirectory;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.sweep.Axis;
import org.ganlab.experiments.sweep.SweepPlan;
import org.ganlab.experiments.sweep.SweepReport;
import org.ganlab.experiments.sweep.SweepRunner;
import org.ganlab.experiments.tracking.SyncState;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.experiments.wiring.Gan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code gan sweep EXPERIMENT ...} and {@code gan sweep-report DIR...}. */
final class SweepOptions {

    private SweepOptions() {
    }

    static CommandSpec spec(Experiment e, Tricks tricks) {
        CommandSpec spec = CommandSpec.create().name(e.name()).mixinStandardHelpOptions(true);
        spec.usageMessage().description("Sweeps " + e.name() + ": every combination of the --grid values, each run "
                + "with seeds --seed .. --seed+N-1. Run flags given here are fixed for every run.");
        spec.addOption(OptionSpec.builder("--seeds").type(String.class).paramLabel("N").required(true)
                .description("replicates (seeds) per cell").build());
        spec.addOption(OptionSpec.builder("--grid").type(String[].class).paramLabel("KEY=V1,V2,...").arity("1")
                .description("a run flag and its values, repeatable; trick=none|NAME[:k=v,...]|NAME+NAME; keys: "
                        + Axis.allowedKeys(e)).build());
        spec.addOption(OptionSpec.builder("--out").type(String.class).paramLabel("DIR")
                .description("the sweep's folder; rerunning the same command there resumes it (default: sweeps/"
                        + e.name() + ")").build());
        spec.addOption(OptionSpec.builder("--shard").type(String.class).paramLabel("I/N")
                .description("run only share I of N (I from 0), e.g. one task of a cluster array job").build());
        spec.addOption(OptionSpec.builder("--threads").type(String.class).paramLabel("N")
                .description("runs at once (default: all cores, " + Runtime.getRuntime().availableProcessors() + ")").build());
        spec.addOption(OptionSpec.builder("--success").type(String.class).paramLabel("KEY=V,...")
                .description("success thresholds (default: " + new java.util.TreeMap<>(SuccessCriterion.thresholds(e.success()))
                        + ")").build());
        spec.addOption(OptionSpec.builder("--quiet").type(boolean.class).arity("0")
                .description("no progress bar or table on the terminal").build());
        RunOptions.addTo(spec, e, Set.of(Flag.OUT, Flag.QUIET), tricks);
        return spec;
    }

    static CommandSpec reportSpec() {
        CommandSpec spec = CommandSpec.create().name("sweep-report").mixinStandardHelpOptions(true);
        spec.usageMessage().description("Merges sweep folders (e.g. the shards of one sweep) into one report.");
        spec.addPositional(PositionalParamSpec.builder().type(String[].class).arity("1..*").required(true).paramLabel("DIR")
                .description("sweep folders of the same sweep").build());
        spec.addOption(OptionSpec.builder("--out").type(String.class).paramLabel("DIR")
                .description("where the merged report goes (default: the first DIR)").build());
        spec.addOption(OptionSpec.builder("--success").type(String.class).paramLabel("KEY=V,...")
                .description("success thresholds (default: the sweep's)").build());
        return spec;
    }

    static int sweep(Gan gan, Experiment e, ParseResult parsed, PrintStream out, PrintStream err) throws IOException {
        Tricks tricks = gan.get(Tricks.class);
        RunOptions.Request base = RunOptions.request(e, parsed, tricks);
        int seeds = Numbers.wholeNumber("--seeds", parsed.matchedOptionValue("--seeds", ""), 1);
        List<Axis> axes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (String g : parsed.<String[]>matchedOptionValue("--grid", new String[0])) {
            Axis axis = Axis.parse(g, e);
            if (!keys.add(axis.key())) {
                throw new IllegalArgumentException("--grid: '" + axis.key() + "' is given twice");
            }
            String fixed = axis.overriddenBy(base.typed().keySet());
            if (fixed != null) {
                throw new IllegalArgumentException("--grid " + axis.key() + " and --" + fixed + " " + base.typed().get(fixed)
                        + " both set " + axis.key() + ": give it either as a fixed flag or as a grid, not both");
            }
            axes.add(axis);
        }
        Map<String, Double> thresholds = thresholds(e, SuccessCriterion.thresholds(e.success()),
                parsed.matchedOptionValue("--success", null));
        Path dir = Path.of(parsed.matchedOptionValue("--out", "sweeps/" + e.name()));
        OutputSettings output = base.output();
        OutputSettings.Tracking tracking = output.tracking();
        if (tracking != null) { // every run of the sweep becomes a child of the sweep's own MLflow run
            OutputSettings.Builder b = output.toBuilder();
            b.tracking = new OutputSettings.Tracking(tracking.uri(), tracking.experimentName(), dir.toAbsolutePath());
            output = b.build();
        }
        SweepPlan plan = new SweepPlan(base.plan(), output, axes, seeds, base.config().seed(), thresholds, dir,
                betas(base.typed()));
        plan.cells(tricks); // every grid value is checked before anything runs
        int[] shard = shard(parsed.matchedOptionValue("--shard", "0/1"));
        int threads = Numbers.wholeNumber("--threads", parsed.matchedOptionValue("--threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())), 1);
        boolean quiet = parsed.hasMatchedOption("--quiet");
        long start = System.nanoTime();
        RunDirectory.prepare(dir);
        SweepRunner.recordPlan(plan);
        if (tracking != null) {
            SweepTracking.start(plan, tracking);
        }
        Thread stopped = new Thread(() -> {
            if (!quiet) {
                err.println("gan sweep: stopped; the runs that finished are kept in " + dir + ", and rerunning the same "
                        + "command continues the sweep");
            }
        });
        Runtime.getRuntime().addShutdownHook(stopped);
        SweepRunner.Outcome outcome = SweepRunner.run(gan, plan, shard[0], shard[1], threads, !quiet);
        Runtime.getRuntime().removeShutdownHook(stopped);
        List<SweepReport.CellStats> stats = SweepReport.aggregate(plan, List.of(dir), tricks);
        SweepReport.write(plan, stats, dir);
        if (tracking != null && SweepReport.incomplete(plan, stats).isEmpty()) {
            SweepTracking.finish(dir);
        }
        if (!quiet) {
            out.print(Files.readString(dir.resolve("sweep.md")));
            out.printf(Locale.ROOT, "%nran %d runs%s, skipped %d already finished, of %d%s in %.1f s on %d threads%n",
                    outcome.ran(), outcome.resumed() > 0 ? " (" + outcome.resumed() + " resumed from checkpoints)" : "",
                    outcome.skipped(), outcome.planned(),
                    shard[1] > 1 ? " (shard " + shard[0] + "/" + shard[1] + ")" : "", (System.nanoTime() - start) / 1e9, threads);
            out.println("sweep folder: " + dir + " (sweep.md, sweep.csv, sweep.png, runs/)");
            if (tracking != null) {
                out.println(GanCli.trackingLine(dir));
            }
        }
        return 0;
    }

    static int report(Gan gan, ParseResult parsed, PrintStream out, PrintStream err) throws IOException {
        List<Path> dirs = new ArrayList<>();
        JsonNode plan = null;
        for (String d : parsed.<String[]>matchedPositionalValue(0, new String[0])) {
            Path dir = Path.of(d);
            Path file = dir.resolve(SweepRunner.PLAN_FILE);
            RunDirectory.requireFolder(dir, "sweep folder");
            if (!Files.exists(file)) {
                throw new IllegalArgumentException(dir + " is not a sweep folder (no " + SweepRunner.PLAN_FILE + ")");
            }
            JsonNode p = Json.MAPPER.readTree(file.toFile());
            if (plan != null && !plan.equals(p)) {
                throw new IllegalArgumentException(dir + " holds a different sweep than " + dirs.get(0));
            }
            plan = p;
            dirs.add(dir);
        }
        Experiment e = gan.get(Experiments.class).get(plan.get("experiment").asText());
        List<Axis> axes = new ArrayList<>();
        for (JsonNode a : plan.get("grid")) {
            List<String> values = new ArrayList<>();
            a.get("values").forEach(v -> values.add(v.asText()));
            axes.add(new Axis(a.get("key").asText(), values));
        }
        Map<String, Double> recorded = new LinkedHashMap<>();
        plan.get("success").fields().forEachRemaining(f -> recorded.put(f.getKey(), f.getValue().asDouble()));
        Map<String, Double> thresholds = thresholds(e, recorded, parsed.matchedOptionValue("--success", null));
        SweepPlan sweepPlan = new SweepPlan(RunPlan.of(e, e.defaults(), gan.get(Tricks.class)), OutputSettings.defaults(), axes,
                plan.get("seeds").asInt(), plan.get("baseSeed").asLong(), thresholds, dirs.get(0), Map.of());
        Path target = Path.of(parsed.matchedOptionValue("--out", dirs.get(0).toString()));
        List<SweepReport.CellStats> stats = SweepReport.aggregate(sweepPlan, dirs, gan.get(Tricks.class));
        SweepReport.write(sweepPlan, stats, target);
        out.print(Files.readString(target.resolve("sweep.md")));
        String incomplete = SweepReport.incomplete(sweepPlan, stats);
        if (!incomplete.isEmpty()) {
            err.println("gan sweep-report: warning: " + incomplete);
        } else if (SyncState.exists(target)) {
            // Shards in folders of their own never see the whole sweep; the merge finishes its MLflow run.
            SweepTracking.finish(target);
        }
        out.println("report folder: " + target + " (sweep.md, sweep.csv, sweep.png)");
        return 0;
    }

    private static Map<String, Double> thresholds(Experiment e, Map<String, Double> defaults, String given) {
        Map<String, Double> t = new LinkedHashMap<>(defaults);
        if (given == null) {
            return t;
        }
        for (String pair : given.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || !defaults.containsKey(kv[0].trim())) {
                throw new IllegalArgumentException("--success: '" + pair + "' is not KEY=VALUE with KEY one of "
                        + String.join(", ", new java.util.TreeSet<>(defaults.keySet())) + " (" + e.name() + ")");
            }
            t.put(kv[0].trim(), Numbers.number("--success: " + kv[0].trim(), kv[1]));
        }
        return t;
    }

    /** The betas the user typed: a grid that changes the optimiser puts them back over its defaults. */
    private static Map<Flag, String> betas(Map<String, String> typed) {
        Map<Flag, String> betas = new java.util.EnumMap<>(Flag.class);
        for (Flag f : List.of(Flag.BETA1, Flag.BETA2)) {
            if (typed.containsKey(f.key())) {
                betas.put(f, typed.get(f.key()));
            }
        }
        return betas;
    }

    private static int[] shard(String text) {
        String[] parts = text.split("/");
        try {
            int i = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            if (parts.length == 2 && n >= 1 && i >= 0 && i < n) {
                return new int[] {i, n};
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException("--shard must be I/N with 0 <= I < N, got '" + text + "'");
    }
}
