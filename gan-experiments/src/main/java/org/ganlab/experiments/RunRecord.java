package org.ganlab.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ganlab.experiments.output.Artifact;

/**
 * A finished run: where it is, how it ended, what it found.
 *
 * @param divergedAtStep the step where a value became non-finite, or -1
 */
public record RunRecord(RunConfig config, Experiment experiment, Path dir, String backend, Status status,
        int divergedAtStep, String divergedReason, Map<String, Object> results, Optional<Boolean> success,
        RunLog log, List<Artifact> artifacts, double seconds) {

    public enum Status { COMPLETED, DIVERGED }
}
