package org.ganlab.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.Numbers;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.io.RunDirectory;
import org.ganlab.experiments.io.RunStatus;
import org.ganlab.experiments.run.Checkpoints;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.experiments.wiring.Gan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/** {@code gan resume RUN_DIR [--steps N]}: continues a run from the checkpoint in its folder. */
final class ResumeCommand {

    private ResumeCommand() {
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("resume").mixinStandardHelpOptions(true);
        spec.usageMessage().description("Continues an interrupted run (or one that finished and should train longer) "
                + "from the last checkpoint in its folder; the run must have been started with --checkpoint-every. Its "
                + "metrics.csv and summary.json end as an uninterrupted run's would.");
        spec.addPositional(PositionalParamSpec.builder().type(String.class).arity("1").required(true).paramLabel("RUN_DIR")
                .description("the run's folder").build());
        spec.addOption(OptionSpec.builder("--steps").type(String.class).paramLabel("N")
                .description("train to this many steps in all (default: the run's own)").build());
        spec.addOption(OptionSpec.builder("--checkpoint-every").type(String.class).paramLabel("N")
                .description("steps between checkpoints from here on (default: the run's own)").build());
        spec.addOption(OptionSpec.builder("--quiet").type(boolean.class).arity("0")
                .description("no progress bar or summary on the terminal").build());
        return spec;
    }

    /** The run that continues the one in {@code dir}, its settings read back from params.json, planned. */
    static RunOptions.Request request(Gan gan, ParseResult parsed) throws IOException {
        Path dir = Path.of(parsed.<String>matchedPositionalValue(0, ""));
        RunDirectory.requireFolder(dir, "run folder");
        if (!Files.exists(dir.resolve("params.json"))) {
            throw new IllegalArgumentException(dir + " is not a run folder (no params.json)");
        }
        RunStatus.Info status = RunStatus.read(dir).orElse(null);
        if (status != null && status.status().equals("RUNNING")) {
            throw new IllegalArgumentException(dir + " is still running (process " + status.pid() + " on " + status.host()
                    + ", at step " + status.step() + ")");
        }
        Checkpoints.Saved saved = Checkpoints.requireSaved(dir);
        JsonNode params = Json.MAPPER.readTree(dir.resolve("params.json").toFile());
        Experiment e = gan.get(Experiments.class).get(params.get("experiment").asText());
        RunConfig.Builder b = e.defaults().toBuilder();
        OutputSettings.Builder o = OutputSettings.defaults().toBuilder();
        b.tricks = java.util.List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Flag flag = Flag.byKey(f.getKey());
            JsonNode v = f.getValue();
            if (flag != null && e.flags().contains(flag) && flag.isSetting() && !v.isNull()) {
                if (v.isArray()) {
                    v.forEach(x -> flag.apply(x.asText(), b, o));
                } else {
                    flag.apply(v.asText(), b, o);
                }
            } else if (e.options().stream().anyMatch(opt -> opt.name().equals(f.getKey()))) {
                b.option(f.getKey(), v.asText());
            }
        }
        b.backend = params.get("backend").asText();
        o.out = dir.toAbsolutePath().getParent();
        o.runDir = dir;
        o.resume = true;
        o.quiet = parsed.hasMatchedOption("--quiet");
        o.checkpointEvery = parsed.hasMatchedOption("--checkpoint-every")
                ? Numbers.wholeNumber("--checkpoint-every", parsed.matchedOptionValue("--checkpoint-every", ""), 1)
                : saved.every();
        if (parsed.hasMatchedOption("--steps")) {
            b.steps = Numbers.wholeNumber("--steps", parsed.matchedOptionValue("--steps", ""), 1);
        }
        if (b.steps < saved.step()) {
            throw new IllegalArgumentException("--steps " + b.steps + " is fewer than the checkpoint's " + saved.step()
                    + " steps");
        }
        if (b.steps == saved.step() && status != null && status.finished()) {
            throw new IllegalArgumentException(dir + " already finished its " + b.steps + " steps; give --steps N above "
                    + b.steps + " to train it further");
        }
        return new RunOptions.Request(RunPlan.of(e, b.build(), gan.get(Tricks.class)), o.build(), Map.of());
    }
}
