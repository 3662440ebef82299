package org.ganlab.experiments.run;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.RunDirectory;
import org.ganlab.experiments.io.RunStatus;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.TensorTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run from start to files: a new folder with {@code params.json} first, training on the chosen
 * backend, then the experiment's pictures and every sink. A diverged run is a result, not a
 * crash: it is recorded as such and its files are written all the same.
 */
public final class Run {

    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    private final RunPlan plan;
    private final OutputSettings output;
    private final Backend backend;
    private final Set<RunSink> sinks;
    private final Tricks catalog;

    @Inject
    Run(RunPlan plan, OutputSettings output, Backend backend, Set<RunSink> sinks, Tricks catalog) {
        this.plan = plan;
        this.output = output;
        this.backend = backend;
        this.sinks = sinks;
        this.catalog = catalog;
    }

    public RunRecord execute() throws IOException {
        RunConfig config = plan.config();
        Experiment experiment = plan.experiment();
        Path dir = output.runDir() != null ? java.nio.file.Files.createDirectories(output.runDir())
                : RunDirectory.create(output.out(), config.experiment(), config.seed());
        ParamsFile.write(dir, ParamsFile.params(plan, backend.name()));
        RunStatus.write(dir, "RUNNING", 0, config.steps());
        RunLog log = new RunLog(dir, config.steps(), output.quiet());
        // Ctrl-C or SIGTERM: the folder says where the run stopped (kill -9 leaves RUNNING, read as INTERRUPTED).
        Thread interrupted = new Thread(() -> {
            RunStatus.write(dir, "INTERRUPTED", log.stepsRecorded(), config.steps());
            if (!output.quiet()) {
                System.err.println(stopped(dir, log.stepsRecorded()));
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        Rng streams = Rng.tracked(config.seed()); // every stream of the run, for checkpoints
        Checkpoints checkpoints = new Checkpoints(dir, output.checkpointEvery(), output.resume(), streams,
                checkpointIdentity());
        RunRecord.Status status = RunRecord.Status.COMPLETED;
        int divergedAt = -1;
        String reason = null;
        Map<String, Object> results = Map.of();
        try (var scope = Backends.use(backend)) {
            results = experiment.run(new RunContext(plan, output, backend, log, streams, catalog, checkpoints));
        } catch (DivergedException e) {
            status = RunRecord.Status.DIVERGED;
            divergedAt = e.step();
            reason = e.getMessage();
            results = log.earlyResults();
            LOG.info("{} diverged: {}", config.experiment(), reason);
        } catch (OutOfMemoryError | TensorTooLargeException e) {
            // The run's memory is unreachable once this unwinds: a user error with the size, not a crash.
            RunStatus.write(dir, "FAILED", log.stepsRecorded(), config.steps());
            Runtime.getRuntime().removeShutdownHook(interrupted);
            throw new IllegalArgumentException(tooLarge(e));
        } finally {
            log.close();
        }
        double seconds = checkpoints.seconds(); // a resumed run counts the time before its checkpoint too
        List<Artifact> artifacts = output.artifacts() ? experiment.artifacts(log, dir) : List.of();
        List<SuccessCriterion> criteria = experiment.success();
        RunRecord record = new RunRecord(plan, output, dir, backend.name(), status, divergedAt, reason, results,
                status == RunRecord.Status.COMPLETED
                        ? SuccessCriterion.evaluate(criteria, results, SuccessCriterion.thresholds(criteria))
                        : java.util.Optional.of(false),
                log, artifacts, seconds);
        for (RunSink sink : sinks) {
            sink.write(record);
        }
        RunStatus.write(dir, status.name(), log.stepsRecorded(), config.steps(), seconds, log.stepCapture());
        Runtime.getRuntime().removeShutdownHook(interrupted);
        return record;
    }

    /** Where a stopped run stands and how it can go on, in one line. */
    private String stopped(Path dir, long step) {
        String how = output.checkpointEvery() > 0 || output.resume()
                ? "; continue it from its last checkpoint with: gan resume " + dir
                : plan.experiment().flags().contains(Flag.CHECKPOINT_EVERY)
                        ? "; to be able to continue a run, start it with --checkpoint-every N" : "";
        return String.format(java.util.Locale.ROOT, "gan: stopped at step %,d of %,d; %s keeps what was recorded (status "
                + "INTERRUPTED)%s", step, plan.config().steps(), dir, how);
    }

    /** What a checkpoint must match to be continued: every setting but the length, the backend, the version. */
    private Map<String, Object> checkpointIdentity() {
        Map<String, Object> identity = new java.util.LinkedHashMap<>(plan.settings());
        identity.remove(Flag.STEPS.key());
        identity.put("backend", backend.name());
        identity.put("ganLab", org.ganlab.experiments.io.Versions.ganLab());
        return identity;
    }

    private String tooLarge(Throwable e) {
        String sizes = Sizes.sizes(plan.experiment(), plan.config());
        if (e instanceof TensorTooLargeException) {
            return e.getMessage() + " (" + sizes + "); lower --batch or the network's size";
        }
        return String.format(java.util.Locale.ROOT, "out of memory (%s) with %,d MiB of Java heap: %s needs more; "
                + "lower --batch or the network's size, or give Java more heap (GAN_JAVA_OPTS=-Xmx8g)",
                e.getMessage(), Runtime.getRuntime().maxMemory() >> 20, sizes);
    }
}
