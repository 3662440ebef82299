package org.ganlab.experiments.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.tracking.MlflowCredentials;
import org.ganlab.experiments.tricks.Tricks;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The run flags ({@link Flag}, where each is defined) and an experiment's own options as picocli
 * options, and a command line read back into a run's config and output settings.
 */
public final class RunOptions {

    /**
     * What a command line asks for: the run, planned, and where its results go.
     *
     * @param typed what the user typed, by key (a flag without its dashes, or an experiment's option),
     *     as text; a repeated flag's values joined by {@code +}
     */
    public record Request(RunPlan plan, OutputSettings output, Map<String, String> typed) {

        public RunConfig config() {
            return plan.config();
        }
    }

    private RunOptions() {
    }

    /** The experiment's applicable flags (less {@code skip}) and its own options, with its defaults in the help. */
    public static void addTo(CommandSpec spec, Experiment e, Set<Flag> skip, Tricks tricks) {
        RunConfig d = e.defaults();
        Set<Flag> flags = EnumSet.copyOf(e.flags());
        flags.addAll(Flag.EVERY_EXPERIMENT);
        for (Flag f : flags) {
            if (skip.contains(f)) {
                continue;
            }
            OptionSpec.Builder o = OptionSpec.builder(f.option());
            String description = f.description();
            String defaultValue = f.shownDefault(d, OutputSettings.defaults());
            if (f.label() == null) {
                o.type(boolean.class).arity("0");
            } else {
                o.type(f.repeatable() ? String[].class : String.class).paramLabel(f.label()).arity("1");
            }
            if (f == Flag.LOSS) {
                description += ": " + String.join(", ", RunPlan.acceptedLosses(e, tricks));
            }
            if (defaultValue != null) {
                description += " (default: " + defaultValue + ")";
            }
            if (f == Flag.BACKEND) {
                description += "; default: -D" + Backends.PROPERTY + ", " + Backends.ENVIRONMENT + ", else highest priority";
            }
            spec.addOption(o.description(description).build());
        }
        for (ExperimentOption option : e.options()) {
            spec.addOption(OptionSpec.builder("--" + option.name()).type(String.class).paramLabel("VALUE").arity("1")
                    .description(option.description() + " (default: " + option.defaultValue() + ")").build());
        }
    }

    /** The experiment's defaults with the flags and options given on the command line applied, and planned. */
    public static Request request(Experiment e, ParseResult parsed, Tricks tricks) {
        RunConfig.Builder run = e.defaults().toBuilder();
        OutputSettings.Builder output = OutputSettings.defaults().toBuilder();
        Map<String, String> typed = new LinkedHashMap<>();
        // In Flag's order: --lr first, so that --lr-d and --lr-g refine it whatever their order on the line.
        for (Flag f : Flag.values()) {
            if (!parsed.hasMatchedOption(f.option())) {
                continue;
            }
            if (f.repeatable()) {
                run.tricks = List.of();
                String[] values = parsed.<String[]>matchedOptionValue(f.option(), new String[0]);
                for (String t : values) {
                    f.apply(t, run, output);
                }
                typed.put(f.key(), String.join("+", values));
            } else {
                String text = f.label() == null ? "true" : parsed.matchedOptionValue(f.option(), "");
                f.apply(text, run, output);
                typed.put(f.key(), text);
            }
        }
        for (ExperimentOption option : e.options()) {
            if (parsed.hasMatchedOption("--" + option.name())) {
                String text = parsed.matchedOptionValue("--" + option.name(), "");
                run.option(option.name(), text);
                typed.put(option.name(), text);
            }
        }
        String environment = System.getenv("MLFLOW_TRACKING_URI");
        if ((output.tracking == null || output.tracking.uri() == null) && environment != null && !environment.isBlank()) {
            String name = output.tracking == null ? null : output.tracking.experimentName();
            try {
                OutputSettings.Tracking.checkUri(environment, "MLFLOW_TRACKING_URI");
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(bad.getMessage() + " (or unset MLFLOW_TRACKING_URI to run without MLflow)");
            }
            output.tracking = new OutputSettings.Tracking(environment, name, null);
        }
        if (output.tracking != null && output.tracking.uri() == null) {
            throw new IllegalArgumentException("--mlflow-experiment needs --mlflow URI (or MLFLOW_TRACKING_URI)");
        }
        if (output.tracking != null) { // a half-given login or unreadable CA file stops the run before it starts
            MlflowCredentials.fromEnvironment();
        }
        // Refuses, before anything is written, what cannot run.
        return new Request(RunPlan.of(e, run.build(), tricks), output.build(), Map.copyOf(typed));
    }
}
