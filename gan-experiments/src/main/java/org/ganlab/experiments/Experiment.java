package org.ganlab.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ganlab.experiments.output.Artifact;
import org.ganlab.experiments.training.GanSpec;

/**
 * A runnable experiment. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.ganlab.experiments.Experiment}), so a jar can add one.
 */
public interface Experiment {

    /** The name in {@code gan run NAME}. */
    String name();

    /** One line for {@code gan list} and {@code --help}. */
    String description();

    /** More for {@code --help}, paragraph by paragraph: conventions, what a run records. None by default. */
    default List<String> helpText() {
        return List.of();
    }

    /** The seed article's settings; flags change them. */
    RunConfig defaults();

    /** The flags that apply; others are refused. All of them by default. */
    default Set<Flag> flags() {
        return java.util.EnumSet.allOf(Flag.class);
    }

    /** The experiment's own options ({@code --NAME VALUE}), with their defaults; none by default. */
    default List<ExperimentOption> options() {
        return List.of();
    }

    /**
     * For a GAN experiment, what its networks are like (what D outputs, how a D step updates D), so
     * that losses and tricks that cannot work with them are refused before a run starts; null for an
     * experiment that does not train through {@link org.ganlab.experiments.training.GanStep}.
     */
    default GanSpec gan() {
        return null;
    }

    /**
     * Refuses settings the experiment cannot run with (its options included: read them with
     * {@link RunContext#options(Experiment, RunConfig)}); the message names the flag and what is allowed.
     */
    default void validate(RunConfig config) {
    }

    /**
     * Trains, recording into {@code context.log()} every step, and returns the final results
     * (numbers, arrays, booleans: written to {@code summary.json}). Throws {@link DivergedException}
     * when a value stops being finite.
     */
    Map<String, Object> run(RunContext context);

    /** Plots and pictures of the run (also of a diverged one, from what was recorded). */
    List<Artifact> artifacts(RunLog log, Path dir) throws IOException;

    /**
     * Numeric results a sweep reports per cell as mean ± standard error with a 95 % interval (in
     * sweep.md and a chart each); every numeric result gets them in sweep.csv. None by default.
     */
    default List<String> reportedMetrics() {
        return List.of();
    }

    /** The thresholds of {@link #success}, by name, with their defaults; {@code --success} overrides them. */
    default Map<String, Double> successThresholds() {
        return Map.of();
    }

    /** Whether final results count as a success under these thresholds, where the experiment defines one. */
    default Optional<Boolean> success(Map<String, Object> results, Map<String, Double> thresholds) {
        return Optional.empty();
    }
}
