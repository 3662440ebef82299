package org.ganlab.experiments.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines what a run computes. With the same config (seed included) a run gives
 * the same numbers, bit for bit, on the same backend; where its results go is {@link OutputSettings}.
 * The run's plan resolves it once into the settings that params.json, the report, sweeps and MLflow
 * all show.
 *
 * @param beta1 {@code --beta1}, or null for the optimiser's default
 * @param beta2 {@code --beta2}, or null for the optimiser's default
 * @param loss a loss name ({@code --loss})
 * @param dSteps D steps per G step
 * @param backend a backend name, or null for the default backend
 * @param options the experiment's own options given (by name, as text); the rest take their defaults
 */
public record RunConfig(String experiment, long seed, int steps, int batch, double lrD, double lrG,
        OptimizerKind optimizer, Double beta1, Double beta2, String loss, Order order, int dSteps, String backend,
        List<TrickSpec> tricks, int snapshotEvery, Map<String, String> options) {

    public RunConfig {
        tricks = List.copyOf(tricks);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
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
        public Double beta1;
        public Double beta2;
        public String loss;
        public Order order;
        public int dSteps;
        public String backend;
        public List<TrickSpec> tricks;
        public int snapshotEvery;
        public Map<String, String> options;

        Builder(RunConfig c) {
            experiment = c.experiment;
            seed = c.seed;
            steps = c.steps;
            batch = c.batch;
            lrD = c.lrD;
            lrG = c.lrG;
            optimizer = c.optimizer;
            beta1 = c.beta1;
            beta2 = c.beta2;
            loss = c.loss;
            order = c.order;
            dSteps = c.dSteps;
            backend = c.backend;
            tricks = c.tricks;
            snapshotEvery = c.snapshotEvery;
            options = new LinkedHashMap<>(c.options);
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

        public Builder option(String name, String value) {
            options.put(name, value);
            return this;
        }

        public Builder backend(String v) {
            backend = v;
            return this;
        }

        public RunConfig build() {
            return new RunConfig(experiment, seed, steps, batch, lrD, lrG, optimizer, beta1, beta2, loss, order, dSteps,
                    backend, tricks, snapshotEvery, options);
        }
    }

    /** A config with the common defaults; experiments change what differs for them. */
    public static Builder defaults(String experiment) {
        return new Builder(new RunConfig(experiment, 1, 1000, 1, 0.01, 0.01, OptimizerKind.SGD, null, null, "mse",
                Order.ALTERNATING, 1, null, List.of(), 100, Map.of()));
    }
}
