package org.ganlab.experiments.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.ganlab.backend.Backends;

/**
 * The run flags of {@code gan run}, each defined here and nowhere else: its option, the label and
 * description its help shows, the default shown, how its text is parsed into a config, and its value
 * in a run's settings. Each experiment says which flags apply to it. A flag's name without its dashes
 * is also its key everywhere else: a sweep's {@code --grid} key, params.json, the report and MLflow
 * params. Settings flags change what a run computes ({@link RunConfig}); the others say where its
 * results go ({@link OutputSettings}).
 */
public enum Flag {
    SEED("--seed", "N", "random seed; the same seed and flags give the same numbers"),
    STEPS("--steps", "N", "training steps"),
    BATCH("--batch", "N", "examples per step"),
    LR("--lr", "RATE", "learning rate (of both networks, in a GAN)"),
    LR_D("--lr-d", "RATE", "learning rate of the discriminator (overrides --lr)"),
    LR_G("--lr-g", "RATE", "learning rate of the generator (overrides --lr)"),
    OPTIMIZER("--optimizer", "NAME", "sgd, adam, adamw (Adam with decoupled weight decay 0.01, as PyTorch's AdamW) or rmsprop"),
    BETA1("--beta1", "BETA", "Adam's beta1, or SGD's momentum; without an experiment's own, the optimiser's: 0.9 for Adam, "
            + "0 for SGD"),
    BETA2("--beta2", "BETA", "Adam's beta2, or RMSprop's smoothing constant alpha; without an experiment's own, the "
            + "optimiser's: 0.999 for Adam, 0.99 for RMSprop"),
    LOSS("--loss", "NAME", "the (D, G) loss pair (see gan list)"),
    ORDER("--order", "NAME", "alternating (D steps, then G through the updated D) or simultaneous (both from the same parameters)"),
    D_STEPS("--d-steps", "N", "D steps per G step (alternating order)"),
    BACKEND("--backend", "NAME", "compute backend (see gan list)"),
    TRICK("--trick", "NAME[:k=v,...]", "NAME[:key=value,...], repeatable (see gan list)"),
    SNAPSHOT_EVERY("--snapshot-every", "N", "steps between snapshots for strips and animations"),
    OUT("--out", "DIR", "folder that receives the run's own new folder"),
    CHECKPOINT_EVERY("--checkpoint-every", "N", "steps between checkpoints in the run folder, for 'gan resume' (default: none)"),
    QUIET("--quiet", null, "no progress bar or summary on the terminal"),
    MLFLOW("--mlflow", "URI", "also log to this MLflow tracking server (default: $MLFLOW_TRACKING_URI)"),
    MLFLOW_EXPERIMENT("--mlflow-experiment", "NAME", "MLflow experiment name (default: the experiment's name)"),
    CAPTURE("--capture", "on|off", "on: record the training step after a warm-up step and replay its kernels (the same "
            + "numbers, bit for bit); off: every step eager, for debugging");

    /** Flags of every experiment: where results go, not how the experiment runs. */
    public static final Set<Flag> EVERY_EXPERIMENT = EnumSet.of(MLFLOW, MLFLOW_EXPERIMENT);

    /** Flags that say where results go and how they are shown, not what is computed. */
    static final Set<Flag> NOT_SETTINGS = EnumSet.of(OUT, QUIET, MLFLOW, MLFLOW_EXPERIMENT, CHECKPOINT_EVERY, CAPTURE);

    private final String option;
    private final String label;
    private final String description;

    Flag(String option, String label, String description) {
        this.option = option;
        this.label = label;
        this.description = description;
    }

    public String option() {
        return option;
    }

    /** The flag's name without its dashes: its key in sweeps, params.json, reports and MLflow. */
    public String key() {
        return option.substring(2);
    }

    /** The flag whose {@link #key} this is ({@code lr} is {@code --lr}), or null. */
    public static Flag byKey(String key) {
        for (Flag f : values()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        return null;
    }

    /** What the help shows for its value ({@code N}, {@code RATE}); null for a switch that takes none. */
    public String label() {
        return label;
    }

    /** Whether the flag is given more than once, each time adding a value ({@code --trick}). */
    public boolean repeatable() {
        return this == TRICK;
    }

    public String description() {
        return description;
    }

    /** Whether the flag changes what a run computes (else it only says where results go). */
    public boolean isSetting() {
        return !NOT_SETTINGS.contains(this);
    }

    /** The default the help shows for an experiment with these defaults, or null where it shows none. */
    public String shownDefault(RunConfig d, OutputSettings o) {
        return switch (this) {
            case SEED -> Long.toString(d.seed());
            case STEPS -> Integer.toString(d.steps());
            case BATCH -> Integer.toString(d.batch());
            case LR -> Double.toString(d.lrD());
            case OPTIMIZER -> d.optimizer().cliName();
            case BETA1 -> shown(OptimizerSpec.of(d.optimizer(), d.lrD(), d.beta1(), d.beta2()).beta1());
            case BETA2 -> shown(OptimizerSpec.of(d.optimizer(), d.lrD(), d.beta1(), d.beta2()).beta2());
            case LOSS -> d.loss();
            case ORDER -> d.order().cliName();
            case D_STEPS -> Integer.toString(d.dSteps());
            case SNAPSHOT_EVERY -> Integer.toString(d.snapshotEvery());
            case OUT -> o.out().toString();
            case CAPTURE -> o.capture() ? "on" : "off";
            default -> null;
        };
    }

    /**
     * Sets the flag from its text (a repeatable flag adds to what is there); a bad value fails naming
     * the flag and what is allowed. Trick names and options are checked when the run is planned.
     */
    public void apply(String text, RunConfig.Builder run, OutputSettings.Builder output) {
        switch (this) {
            case SEED -> run.seed = Numbers.wholeNumber(option, text);
            case STEPS -> run.steps = Numbers.wholeNumber(option, text, 1);
            case BATCH -> run.batch = Numbers.wholeNumber(option, text, 1);
            case LR -> run.lr(Numbers.positive(option, text));
            case LR_D -> run.lrD = Numbers.positive(option, text);
            case LR_G -> run.lrG = Numbers.positive(option, text);
            case OPTIMIZER -> {
                OptimizerKind kind = OptimizerKind.parse(text);
                if (kind.family() != run.optimizer.family()) {
                    // The experiment's betas were meant for its own optimiser: another falls back to its
                    // defaults, and only betas the user gives (applied after this flag) can be refused.
                    run.beta1 = null;
                    run.beta2 = null;
                }
                run.optimizer = kind;
            }
            case BETA1 -> run.beta1 = Numbers.fraction(option, text);
            case BETA2 -> run.beta2 = Numbers.fraction(option, text);
            case LOSS -> run.loss = text.trim();
            case ORDER -> run.order = Order.parse(text);
            case D_STEPS -> run.dSteps = Numbers.wholeNumber(option, text, 1);
            case BACKEND -> {
                try {
                    run.backend = Backends.get(text).name();
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException(option + ": " + unknown.getMessage() + "; a backend is a jar "
                            + "dropped into plugins/ (the CUDA backend: gan-backend-cuda's drop-in jar, see the README)");
                }
            }
            case TRICK -> {
                List<TrickSpec> all = new ArrayList<>(run.tricks);
                all.add(TrickSpec.parse(text));
                run.tricks = all;
            }
            case SNAPSHOT_EVERY -> run.snapshotEvery = Numbers.wholeNumber(option, text, 1);
            case CHECKPOINT_EVERY -> output.checkpointEvery = Numbers.wholeNumber(option, text, 1);
            case OUT -> {
                if (text.isBlank()) {
                    throw Numbers.invalid(option, text, "a folder");
                }
                output.out = Path.of(text);
            }
            case QUIET -> output.quiet = Boolean.parseBoolean(text);
            case CAPTURE -> output.capture = switch (text.trim()) {
                case "on" -> true;
                case "off" -> false;
                default -> throw Numbers.invalid(option, text, "on or off");
            };
            case MLFLOW -> {
                OutputSettings.Tracking.checkUri(text, option);
                output.tracking = new OutputSettings.Tracking(text,
                        output.tracking == null ? null : output.tracking.experimentName(), null);
            }
            case MLFLOW_EXPERIMENT -> output.tracking = new OutputSettings.Tracking(
                    output.tracking == null ? null : output.tracking.uri(), text, null);
        }
    }

    /**
     * The flag's value among a run's settings, implied defaults resolved: the betas as the optimiser
     * the flags ask for uses them ({@code optimizer}, before any trick changes it).
     */
    public Object value(RunConfig c, OptimizerSpec optimizer) {
        return switch (this) {
            case SEED -> c.seed();
            case STEPS -> c.steps();
            case BATCH -> c.batch();
            case LR, LR_D -> c.lrD();
            case LR_G -> c.lrG();
            case OPTIMIZER -> c.optimizer().cliName();
            case BETA1 -> finite(optimizer.beta1());
            case BETA2 -> finite(optimizer.beta2());
            case LOSS -> c.loss();
            case ORDER -> c.order().cliName();
            case D_STEPS -> c.dSteps();
            case BACKEND -> c.backend();
            case TRICK -> c.tricks().stream().map(TrickSpec::toString).toList();
            case SNAPSHOT_EVERY -> c.snapshotEvery();
            case OUT, QUIET, MLFLOW, MLFLOW_EXPERIMENT, CHECKPOINT_EVERY, CAPTURE ->
                    throw new IllegalStateException(option + " is not a setting");
        };
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** A beta for the help, or null where the optimiser has none. */
    private static String shown(double v) {
        return Double.isNaN(v) ? null : Double.toString(v);
    }
}
