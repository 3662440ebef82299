package org.ganlab.experiments.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;

/**
 * A finished run: what it planned, where it is, how it ended, what it found.
 *
 * @param divergedAtStep the step where a value became non-finite, or -1
 */
public record RunRecord(RunPlan plan, OutputSettings output, Path dir, String backend, Status status,
        int divergedAtStep, String divergedReason, Map<String, Object> results, Optional<Boolean> success,
        RunLog log, List<Artifact> artifacts, double seconds) {

    public enum Status { COMPLETED, DIVERGED }

    public RunConfig config() {
        return plan.config();
    }

    public Experiment experiment() {
        return plan.experiment();
    }
}
