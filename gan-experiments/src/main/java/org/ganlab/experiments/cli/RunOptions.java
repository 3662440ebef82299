package org.ganlab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.ExperimentOption;
import org.ganlab.experiments.Flag;
import org.ganlab.experiments.OptimizerKind;
import org.ganlab.experiments.RunChecks;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.training.Order;
import org.ganlab.experiments.tricks.TrickSpec;
import org.ganlab.experiments.tricks.Tricks;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The run flags and an experiment's own options as picocli options, and the one place where a
 * flag's text becomes a config value (the CLI and a sweep's grid both go through {@link #apply}).
 */
public final class RunOptions {

    private RunOptions() {
    }

    /** The experiment's applicable flags (less {@code skip}) and its own options, with its defaults in the help. */
    public static void addTo(CommandSpec spec, Experiment e, Set<Flag> skip) {
        RunConfig d = e.defaults();
        Set<Flag> flags = EnumSet.copyOf(e.flags());
        flags.addAll(Flag.EVERY_EXPERIMENT);
        for (Flag f : flags) {
            if (skip.contains(f)) {
                continue;
            }
            OptionSpec.Builder o = OptionSpec.builder(f.option());
            String description = f.description();
            String defaultValue = switch (f) {
                case SEED -> Long.toString(d.seed());
                case STEPS -> Integer.toString(d.steps());
                case BATCH -> Integer.toString(d.batch());
                case LR -> Double.toString(d.lrD());
                case OPTIMIZER -> d.optimizer().cliName();
                case LOSS -> d.loss();
                case ORDER -> d.order().cliName();
                case D_STEPS -> Integer.toString(d.dSteps());
                case SNAPSHOT_EVERY -> Integer.toString(d.snapshotEvery());
                case OUT -> d.out().toString();
                default -> null;
            };
            if (f == Flag.QUIET) {
                o.type(boolean.class).arity("0");
            } else {
                o.type(f == Flag.TRICK ? String[].class : String.class).paramLabel(label(f)).arity("1");
            }
            if (f == Flag.LOSS) {
                description += ": " + String.join(", ", RunChecks.acceptedLosses(e));
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

    private static String label(Flag f) {
        return switch (f) {
            case SEED, STEPS, BATCH, SNAPSHOT_EVERY, D_STEPS, CHECKPOINT_EVERY -> "N";
            case LR, LR_D, LR_G -> "RATE";
            case BETA1, BETA2 -> "BETA";
            case TRICK -> "NAME[:k=v,...]";
            case OUT -> "DIR";
            case MLFLOW -> "URI";
            default -> "NAME";
        };
    }

    /** The experiment's defaults with the flags and options given on the command line applied, checked. */
    public static RunConfig config(Experiment e, ParseResult parsed, Tricks tricks) {
        RunConfig.Builder b = e.defaults().toBuilder();
        // --lr first: --lr-d and --lr-g refine it whatever their order on the line.
        for (Flag f : Flag.values()) {
            if (parsed.hasMatchedOption(f.option())) {
                if (f == Flag.TRICK) {
                    b.tricks = List.of();
                    for (String t : parsed.<String[]>matchedOptionValue(f.option(), new String[0])) {
                        apply(b, f, t, tricks);
                    }
                } else if (f == Flag.QUIET) {
                    b.quiet = true;
                } else {
                    apply(b, f, parsed.matchedOptionValue(f.option(), ""), tricks);
                }
            }
        }
        for (ExperimentOption option : e.options()) {
            if (parsed.hasMatchedOption("--" + option.name())) {
                b.option(option.name(), parsed.matchedOptionValue("--" + option.name(), ""));
            }
        }
        String environment = System.getenv("MLFLOW_TRACKING_URI");
        if ((b.tracking == null || b.tracking.uri() == null) && environment != null && !environment.isBlank()) {
            String name = b.tracking == null ? null : b.tracking.experimentName();
            try {
                org.ganlab.experiments.tracking.MlflowClient.checkUri(environment, "MLFLOW_TRACKING_URI");
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(bad.getMessage() + " (or unset MLFLOW_TRACKING_URI to run without MLflow)");
            }
            b.tracking = new RunConfig.Tracking(environment, name, null);
        }
        if (b.tracking != null && b.tracking.uri() == null) {
            throw new IllegalArgumentException("--mlflow-experiment needs --mlflow URI (or MLFLOW_TRACKING_URI)");
        }
        if (b.tracking != null) { // a half-given login or unreadable CA file stops the run before it starts
            org.ganlab.experiments.tracking.MlflowCredentials.fromEnvironment();
        }
        RunConfig config = b.build();
        RunChecks.check(e, config, tricks.create(config.tricks()));
        return config;
    }

    /** Sets one flag from its text; a bad value fails naming the flag and what is allowed. */
    public static void apply(RunConfig.Builder b, Flag flag, String text, Tricks tricks) {
        switch (flag) {
            case SEED -> b.seed = parseLong(flag, text);
            case STEPS -> b.steps = positive(flag.option(), text);
            case BATCH -> b.batch = positive(flag.option(), text);
            case LR -> b.lr(rate(flag, text));
            case LR_D -> b.lrD = rate(flag, text);
            case LR_G -> b.lrG = rate(flag, text);
            case OPTIMIZER -> b.optimizer = OptimizerKind.parse(text);
            case BETA1 -> b.beta1 = fraction(flag, text);
            case BETA2 -> b.beta2 = fraction(flag, text);
            case LOSS -> {
                GanLosses.get(text);
                b.loss = text.trim();
            }
            case ORDER -> b.order = Order.parse(text);
            case D_STEPS -> b.dSteps = positive(flag.option(), text);
            case BACKEND -> {
                try {
                    b.backend = Backends.get(text).name();
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException("--backend: " + unknown.getMessage());
                }
            }
            case TRICK -> {
                TrickSpec spec = TrickSpec.parse(text);
                tricks.create(List.of(spec)); // validates the name and options now, before any folder is made
                List<TrickSpec> all = new ArrayList<>(b.tricks);
                all.add(spec);
                b.tricks = all;
            }
            case SNAPSHOT_EVERY -> b.snapshotEvery = positive(flag.option(), text);
            case CHECKPOINT_EVERY -> b.checkpointEvery = positive(flag.option(), text);
            case OUT -> b.out = Path.of(text);
            case QUIET -> b.quiet = Boolean.parseBoolean(text);
            case MLFLOW -> {
                org.ganlab.experiments.tracking.MlflowClient.checkUri(text, "--mlflow");
                b.tracking = new RunConfig.Tracking(text, b.tracking == null ? null : b.tracking.experimentName(), null);
            }
            case MLFLOW_EXPERIMENT -> b.tracking = new RunConfig.Tracking(b.tracking == null ? null : b.tracking.uri(), text, null);
        }
    }

    private static long parseLong(Flag flag, String text) {
        String t = text.trim();
        if (t.matches("[-+]?[0-9]+") && new java.math.BigInteger(t).bitLength() > 63) {
            throw new IllegalArgumentException(flag.option() + " is too large: from " + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE + ", got '" + text + "'");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag.option() + " must be a whole number, got '" + text + "'");
        }
    }

    /** A whole number >= 1 that fits an int, or an error naming the option (and the limit, when too large). */
    static int positive(String option, String text) {
        String t = text.trim();
        if (t.matches("\\+?[0-9]+") && new java.math.BigInteger(t).compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(option + " is too large: at most " + Integer.MAX_VALUE + ", got '" + text + "'");
        }
        try {
            int v = Integer.parseInt(t);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number >= 1, got '" + text + "'");
    }

    private static double rate(Flag flag, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag.option() + " must be a number > 0, got '" + text + "'");
    }

    private static double fraction(Flag flag, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag.option() + " must be a number in [0, 1), got '" + text + "'");
    }
}
