package org.ganlab.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ganlab.experiments.output.Artifact;

/**
 * A runnable experiment. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.ganlab.experiments.Experiment}), so a jar can add one.
 */
public interface Experiment {

    /** The name in {@code gan run NAME}. */
    String name();

    /** One line for {@code gan list} and {@code --help}. */
    String description();

    /** The seed article's settings; flags change them. */
    RunConfig defaults();

    /** The flags that apply; others are refused. */
    Set<Flag> flags();

    /** Refuses settings the experiment cannot run with; the message names the flag and what is allowed. */
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

    /** The thresholds of {@link #success}, by name, with their defaults; {@code --success} overrides them. */
    default Map<String, Double> successThresholds() {
        return Map.of();
    }

    /** Whether final results count as a success under these thresholds, where the experiment defines one. */
    default Optional<Boolean> success(Map<String, Object> results, Map<String, Double> thresholds) {
        return Optional.empty();
    }
}
