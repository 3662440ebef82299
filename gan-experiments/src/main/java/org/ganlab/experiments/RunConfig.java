package org.ganlab.experiments;

import java.nio.file.Path;
import java.util.List;
import org.ganlab.experiments.training.GanLossKind;
import org.ganlab.experiments.tricks.TrickSpec;

/**
 * Everything that determines a run. With the same config (seed included) a run gives the same
 * numbers, bit for bit, on the same backend.
 *
 * @param backend a backend name, or null for the default backend
 * @param runDir the run's own folder, or null for a new dated folder under {@code out}
 * @param artifacts whether to draw the pictures (plots, strip, animation); sweeps skip them
 * @param tracking where the run is also logged, or null for the run folder only
 */
public record RunConfig(String experiment, long seed, int steps, int batch, double lrD, double lrG,
        OptimizerKind optimizer, GanLossKind loss, String backend, List<TrickSpec> tricks, int snapshotEvery,
        Path out, boolean quiet, Path runDir, boolean artifacts, Tracking tracking) {

    /**
     * An MLflow tracking server to log to.
     *
     * @param experimentName the MLflow experiment, or null for the gan-lab experiment's name
     * @param parentDir the sweep folder whose MLflow run is this run's parent, or null
     */
    public record Tracking(String uri, String experimentName, Path parentDir) {
    }

    public RunConfig {
        tricks = List.copyOf(tricks);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a config with some fields changed: defaults, then flags. */
    public static final class Builder {
        public String experiment;
        public long seed;
        public int steps;
        public int batch;
        public double lrD;
        public double lrG;
        public OptimizerKind optimizer;
        public GanLossKind loss;
        public String backend;
        public List<TrickSpec> tricks;
        public int snapshotEvery;
        public Path out;
        public boolean quiet;
        public Path runDir;
        public boolean artifacts;
        public Tracking tracking;

        Builder(RunConfig c) {
            experiment = c.experiment;
            seed = c.seed;
            steps = c.steps;
            batch = c.batch;
            lrD = c.lrD;
            lrG = c.lrG;
            optimizer = c.optimizer;
            loss = c.loss;
            backend = c.backend;
            tricks = c.tricks;
            snapshotEvery = c.snapshotEvery;
            out = c.out;
            quiet = c.quiet;
            runDir = c.runDir;
            artifacts = c.artifacts;
            tracking = c.tracking;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder lr(double v) {
            lrD = v;
            lrG = v;
            return this;
        }

        public Builder tricks(List<TrickSpec> v) {
            tricks = v;
            return this;
        }

        public Builder out(Path v) {
            out = v;
            return this;
        }

        public Builder quiet(boolean v) {
            quiet = v;
            return this;
        }

        public Builder backend(String v) {
            backend = v;
            return this;
        }

        public RunConfig build() {
            return new RunConfig(experiment, seed, steps, batch, lrD, lrG, optimizer, loss, backend, tricks,
                    snapshotEvery, out, quiet, runDir, artifacts, tracking);
        }
    }

    /** A config with the common defaults; experiments change what differs for them. */
    public static Builder defaults(String experiment) {
        return new Builder(new RunConfig(experiment, 1, 1000, 1, 0.01, 0.01, OptimizerKind.SGD, GanLossKind.MSE,
                null, List.of(), 100, Path.of("runs"), false, null, true, null));
    }
}
