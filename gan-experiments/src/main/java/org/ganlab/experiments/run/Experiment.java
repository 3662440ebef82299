package org.ganlab.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;

/**
 * A runnable experiment. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.ganlab.experiments.run.Experiment}), so a jar can add one. A GAN
 * experiment extends {@link GanExperiment}.
 *
 * <pre>
 * what it is      name, description, helpText
 * its settings    defaults, flags, options, validate, checkInputs
 * running it      gan, validateStep, run, artifacts
 * its results     reportedMetrics, success
 * </pre>
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
     * Refuses settings the experiment cannot run with, its options (given over their defaults)
     * included; the message names the flag or option and what is allowed.
     */
    default void validate(Options options, RunConfig config) {
    }

    /**
     * Reads what a run needs from files (a data set, a classifier's weights), so that a missing or
     * broken one is refused before anything is written, naming the file and what to do. Not called
     * for help texts, which must work without the files. Nothing by default.
     */
    default void checkInputs(Options options) {
    }

    /**
     * For a GAN experiment, what its networks are like (what D outputs, how a D step updates D), so
     * that losses and tricks that cannot work with them are refused before a run starts; null for an
     * experiment that does not train through {@link org.ganlab.experiments.step.GanStep}.
     */
    default GanSpec gan() {
        return null;
    }

    /**
     * For a GAN experiment, refuses a training step (loss, tricks) its networks cannot train with,
     * once the step is planned; the message names the flag or option and what is allowed. Nothing by
     * default.
     */
    default void validateStep(Options options, StepPlan step, List<Trick> tricks) {
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
    default List<ReportedMetric> reportedMetrics() {
        return List.of();
    }

    /**
     * When final results count as a success: every criterion met, each with its threshold
     * ({@code --success NAME=VALUE} overrides them). None by default: no success is defined.
     */
    default List<SuccessCriterion> success() {
        return List.of();
    }
}
