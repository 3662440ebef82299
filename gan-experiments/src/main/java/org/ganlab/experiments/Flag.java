package org.ganlab.experiments;

import java.util.EnumSet;
import java.util.Set;
import org.ganlab.experiments.tricks.TrickSpec;

/**
 * The run flags of {@code gan run}; each experiment says which of them apply to it. A flag's name
 * without its dashes is also its key everywhere else: a sweep's {@code --grid} key, params.json,
 * the report and MLflow params ({@link RunSettings}).
 */
public enum Flag {
    SEED("--seed", "random seed; the same seed and flags give the same numbers"),
    STEPS("--steps", "training steps"),
    BATCH("--batch", "examples per step"),
    LR("--lr", "learning rate of both networks"),
    LR_D("--lr-d", "learning rate of the discriminator (overrides --lr)"),
    LR_G("--lr-g", "learning rate of the generator (overrides --lr)"),
    OPTIMIZER("--optimizer", "sgd, adam, adamw (Adam with decoupled weight decay 0.01, as PyTorch's AdamW) or rmsprop"),
    BETA1("--beta1", "Adam's beta1, or SGD's momentum (default: 0.9 for Adam, 0 for SGD)"),
    BETA2("--beta2", "Adam's beta2, or RMSprop's smoothing constant alpha (default: 0.999 for Adam, 0.99 for RMSprop)"),
    LOSS("--loss", "the (D, G) loss pair (see gan list)"),
    ORDER("--order", "alternating (D steps, then G through the updated D) or simultaneous (both from the same parameters)"),
    D_STEPS("--d-steps", "D steps per G step (alternating order)"),
    BACKEND("--backend", "compute backend (see gan list)"),
    TRICK("--trick", "NAME[:key=value,...], repeatable (see gan list)"),
    SNAPSHOT_EVERY("--snapshot-every", "steps between snapshots for strips and animations"),
    OUT("--out", "folder that receives the run's own new folder"),
    CHECKPOINT_EVERY("--checkpoint-every", "steps between checkpoints in the run folder, for 'gan resume' (default: none)"),
    QUIET("--quiet", "no progress bar or summary on the terminal"),
    MLFLOW("--mlflow", "also log to this MLflow tracking server (default: $MLFLOW_TRACKING_URI)"),
    MLFLOW_EXPERIMENT("--mlflow-experiment", "MLflow experiment name (default: the experiment's name)");

    /** Flags of every experiment: where results go, not how the experiment runs. */
    public static final Set<Flag> EVERY_EXPERIMENT = EnumSet.of(MLFLOW, MLFLOW_EXPERIMENT);

    /** Flags that say where results go and how they are shown, not what is computed. */
    static final Set<Flag> NOT_SETTINGS = EnumSet.of(OUT, QUIET, MLFLOW, MLFLOW_EXPERIMENT, CHECKPOINT_EVERY);

    private final String option;
    private final String description;

    Flag(String option, String description) {
        this.option = option;
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

    public String description() {
        return description;
    }

    /** Whether the flag changes what a run computes (else it only says where results go). */
    public boolean isSetting() {
        return !NOT_SETTINGS.contains(this);
    }

    /** The flag's value in a config, implied defaults resolved (Adam's betas, say); null where it does not apply. */
    public Object value(RunConfig c) {
        return switch (this) {
            case SEED -> c.seed();
            case STEPS -> c.steps();
            case BATCH -> c.batch();
            case LR, LR_D -> c.lrD();
            case LR_G -> c.lrG();
            case OPTIMIZER -> c.optimizer().cliName();
            case BETA1 -> finite(RunContext.discriminatorOptimizerSpec(c).beta1());
            case BETA2 -> finite(RunContext.discriminatorOptimizerSpec(c).beta2());
            case LOSS -> c.loss();
            case ORDER -> c.order().cliName();
            case D_STEPS -> c.dSteps();
            case BACKEND -> c.backend();
            case TRICK -> c.tricks().stream().map(TrickSpec::toString).toList();
            case SNAPSHOT_EVERY -> c.snapshotEvery();
            case OUT -> c.out().toString();
            case QUIET -> c.quiet();
            case MLFLOW -> c.tracking() == null ? null : c.tracking().uri();
            case MLFLOW_EXPERIMENT -> c.tracking() == null ? null : c.tracking().experimentName();
            case CHECKPOINT_EVERY -> c.checkpointEvery();
        };
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
