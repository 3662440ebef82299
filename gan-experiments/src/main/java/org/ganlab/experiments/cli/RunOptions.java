package org.ganlab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.Flag;
import org.ganlab.experiments.OptimizerKind;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.training.GanLossKind;
import org.ganlab.experiments.tricks.TrickSpec;
import org.ganlab.experiments.tricks.Tricks;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The run flags as picocli options for one experiment, and the config they parse into. */
final class RunOptions {

    private RunOptions() {
    }

    /** {@code gan run NAME}: the experiment's applicable flags, with its defaults in the help. */
    static CommandSpec spec(Experiment e) {
        RunConfig d = e.defaults();
        CommandSpec spec = CommandSpec.create().name(e.name()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(e.description(), "", "Defaults are the seed article's settings.");
        for (Flag f : e.flags()) {
            OptionSpec.Builder o = OptionSpec.builder(f.option());
            String description = f.description();
            switch (f) {
                case SEED -> o.type(long.class).paramLabel("N").defaultValue(Long.toString(d.seed()));
                case STEPS -> o.type(int.class).paramLabel("N").defaultValue(Integer.toString(d.steps()));
                case BATCH -> o.type(int.class).paramLabel("N").defaultValue(Integer.toString(d.batch()));
                case LR -> o.type(double.class).paramLabel("RATE").defaultValue(Double.toString(d.lrD()));
                case LR_D, LR_G -> o.type(Double.class).paramLabel("RATE");
                case OPTIMIZER -> o.type(String.class).paramLabel("NAME").defaultValue(d.optimizer().cliName());
                case LOSS -> o.type(String.class).paramLabel("NAME").defaultValue(d.loss().cliName());
                case BACKEND -> {
                    o.type(String.class).paramLabel("NAME");
                    description += "; default: " + Backends.PROPERTY + " / " + Backends.ENVIRONMENT + " / highest priority";
                }
                case TRICK -> o.type(String[].class).paramLabel("NAME[:k=v,...]").arity("1");
                case SNAPSHOT_EVERY -> o.type(int.class).paramLabel("N").defaultValue(Integer.toString(d.snapshotEvery()));
                case OUT -> o.type(String.class).paramLabel("DIR").defaultValue(d.out().toString());
                case QUIET -> o.type(boolean.class).arity("0");
                default -> throw new IllegalStateException(f.name());
            }
            if (o.defaultValue() != null) {
                description += " (default: ${DEFAULT-VALUE})";
            }
            spec.addOption(o.description(description).build());
        }
        return spec;
    }

    /** The experiment's defaults with the given flags applied; bad values fail naming the flag. */
    static RunConfig config(Experiment e, ParseResult parsed, Tricks tricks) {
        RunConfig.Builder b = e.defaults().toBuilder();
        b.seed = value(parsed, Flag.SEED, b.seed);
        b.steps = positive(Flag.STEPS, value(parsed, Flag.STEPS, b.steps));
        b.batch = positive(Flag.BATCH, value(parsed, Flag.BATCH, b.batch));
        double lr = rate(Flag.LR, value(parsed, Flag.LR, b.lrD));
        b.lrD = parsed.hasMatchedOption(Flag.LR_D.option()) ? rate(Flag.LR_D, parsed.matchedOptionValue(Flag.LR_D.option(), lr)) : lr;
        b.lrG = parsed.hasMatchedOption(Flag.LR_G.option()) ? rate(Flag.LR_G, parsed.matchedOptionValue(Flag.LR_G.option(), lr)) : lr;
        if (parsed.hasMatchedOption(Flag.OPTIMIZER.option())) {
            b.optimizer = OptimizerKind.parse(parsed.matchedOptionValue(Flag.OPTIMIZER.option(), ""));
        }
        if (parsed.hasMatchedOption(Flag.LOSS.option())) {
            b.loss = GanLossKind.parse(parsed.matchedOptionValue(Flag.LOSS.option(), ""));
        }
        if (parsed.hasMatchedOption(Flag.BACKEND.option())) {
            String name = parsed.matchedOptionValue(Flag.BACKEND.option(), "");
            try {
                b.backend = Backends.get(name).name();
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("--backend: " + unknown.getMessage());
            }
        }
        if (parsed.hasMatchedOption(Flag.TRICK.option())) {
            List<TrickSpec> specs = new ArrayList<>();
            for (String t : parsed.matchedOptionValue(Flag.TRICK.option(), new String[0])) {
                specs.add(TrickSpec.parse(t));
            }
            tricks.create(specs); // validates names and options now, before any folder is made
            b.tricks = specs;
        }
        b.snapshotEvery = positive(Flag.SNAPSHOT_EVERY, value(parsed, Flag.SNAPSHOT_EVERY, b.snapshotEvery));
        if (parsed.hasMatchedOption(Flag.OUT.option())) {
            b.out = Path.of(parsed.matchedOptionValue(Flag.OUT.option(), "runs"));
        }
        b.quiet = parsed.hasMatchedOption(Flag.QUIET.option());
        RunConfig config = b.build();
        e.validate(config);
        return config;
    }

    private static <T> T value(ParseResult parsed, Flag flag, T fallback) {
        return parsed.hasMatchedOption(flag.option()) ? parsed.matchedOptionValue(flag.option(), fallback) : fallback;
    }

    private static int positive(Flag flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag.option() + " must be a whole number >= 1, got " + value);
        }
        return value;
    }

    private static double rate(Flag flag, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(flag.option() + " must be a number > 0, got " + value);
        }
        return value;
    }
}
