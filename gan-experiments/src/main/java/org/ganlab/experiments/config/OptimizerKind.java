package org.ganlab.experiments.config;

/** The optimisers a run can use, by their command-line names. */
public enum OptimizerKind implements Choice {
    SGD, ADAM, ADAMW, RMSPROP;

    /** Optimisers whose betas mean the same: Adam and AdamW share theirs; SGD's momentum and RMSprop's alpha are their own. */
    public OptimizerKind family() {
        return this == ADAMW ? ADAM : this;
    }

    public static OptimizerKind parse(String value) {
        return Choice.parse("--optimizer", OptimizerKind.class, value);
    }

    public static String allowed() {
        return String.join(", ", Choice.names(OptimizerKind.class));
    }
}
