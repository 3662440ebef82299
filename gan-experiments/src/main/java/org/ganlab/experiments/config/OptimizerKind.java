package org.ganlab.experiments.config;

/** The optimisers a run can use, by their command-line names. */
public enum OptimizerKind implements Choice {
    SGD, ADAM, ADAMW, RMSPROP;

    public static OptimizerKind parse(String value) {
        return Choice.parse("--optimizer", OptimizerKind.class, value);
    }

    public static String allowed() {
        return String.join(", ", Choice.names(OptimizerKind.class));
    }
}
