package org.ganlab.experiments;

/** The run flags of {@code gan run}; each experiment says which of them apply to it. */
public enum Flag {
    SEED("--seed", "random seed; the same seed and flags give the same numbers"),
    STEPS("--steps", "training steps"),
    BATCH("--batch", "examples per step"),
    LR("--lr", "learning rate of both networks"),
    LR_D("--lr-d", "learning rate of the discriminator (overrides --lr)"),
    LR_G("--lr-g", "learning rate of the generator (overrides --lr)"),
    OPTIMIZER("--optimizer", "sgd, adam or adamw"),
    LOSS("--loss", "mse, bce, minimax or non-saturating"),
    BACKEND("--backend", "compute backend (see gan list)"),
    TRICK("--trick", "NAME[:key=value,...], repeatable (see gan list)"),
    SNAPSHOT_EVERY("--snapshot-every", "steps between snapshots for strips and animations"),
    OUT("--out", "folder that receives the run's own new folder"),
    QUIET("--quiet", "no progress bar or summary on the terminal"),
    MLFLOW("--mlflow", "also log to this MLflow tracking server (default: $MLFLOW_TRACKING_URI)"),
    MLFLOW_EXPERIMENT("--mlflow-experiment", "MLflow experiment name (default: the experiment's name)");

    /** Flags of every experiment: where results go, not how the experiment runs. */
    public static final java.util.Set<Flag> TRACKING = java.util.EnumSet.of(MLFLOW, MLFLOW_EXPERIMENT);

    private final String option;
    private final String description;

    Flag(String option, String description) {
        this.option = option;
        this.description = description;
    }

    public String option() {
        return option;
    }

    public String description() {
        return description;
    }
}
