package org.ganlab.experiments.run;

/**
 * A picture of the state at one step (G's outputs, D's function), recorded for strips and
 * animations under its {@link Kind}.
 */
public record Snapshot<T>(int step, T data) {

    /**
     * A kind of snapshot and the type of what it holds: snapshots are read back as they were recorded,
     * from the run or from a checkpoint (as JSON: a record, an array or a number).
     */
    public record Kind<T>(String name, Class<T> type) {
    }
}
