package org.ganlab.experiments.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.io.Versions;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.run.RunSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a finished run to MLflow when the run's config names a tracking server, from the spool that
 * {@link Spool} wrote; whatever the server cannot take now stays spooled for {@code gan mlflow-sync}
 * and the run is not affected.
 */
public final class MlflowSink implements RunSink {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowSink.class);

    /**
     * Writes what the run owes MLflow into its folder's spool, before {@code summary.json} marks the
     * run finished: a sweep skips finished runs, so a run killed between the two would otherwise never
     * be logged.
     */
    public static final class Spool implements RunSink {
        @Override
        public void write(RunRecord r) throws IOException {
            OutputSettings.Tracking tracking = r.output().tracking();
            if (tracking != null) {
                state(r, tracking).save(r.dir());
            }
        }
    }

    @Override
    public void write(RunRecord r) throws IOException {
        if (r.output().tracking() == null) {
            return;
        }
        try {
            MlflowSync.sync(r.dir(), null);
        } catch (MlflowException e) {
            warn(e, "the run", r.dir());
        }
    }

    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Says what failed and where it waits. Refused credentials are said once per process with what
     * to set (each run of a sweep would meet the same refusal); the spool of each run is kept anyway.
     */
    public static void warn(MlflowException e, String what, java.nio.file.Path dir) {
        if (e.kind() != MlflowException.Kind.CREDENTIALS) {
            LOG.warn("MLflow: {}; {} is spooled in {} for 'gan mlflow-sync {}'", e.getMessage(), what,
                    dir.resolve(SyncState.DIR), dir);
        } else if (WARNED.add(e.getMessage())) {
            LOG.warn("MLflow: {}. Nothing is lost: {} is spooled in {}; once the credentials are set, send it with "
                    + "'gan mlflow-sync {}'", e.getMessage(), what, dir.resolve(SyncState.DIR), dir);
        }
    }

    static SyncState state(RunRecord r, OutputSettings.Tracking tracking) throws IOException {
        SyncState s = new SyncState();
        s.trackingUri = tracking.uri();
        s.experimentName = tracking.experimentName() != null ? tracking.experimentName() : r.config().experiment();
        s.uid = UUID.randomUUID().toString();
        s.runName = r.dir().getFileName().toString();
        s.parentDir = tracking.parentDir() == null ? null : tracking.parentDir().toAbsolutePath().toString();
        s.endTime = System.currentTimeMillis();
        s.startTime = s.endTime - Math.round(r.seconds() * 1000);
        s.status = r.status() == RunRecord.Status.COMPLETED ? "FINISHED" : "FAILED";
        @SuppressWarnings("unchecked")
        Map<String, Object> params = Json.MAPPER.readValue(r.dir().resolve("params.json").toFile(), Map.class);
        params.forEach((k, v) -> {
            if (!k.equals("versions") && !k.equals("gitCommit") && !k.equals("startedAt")) {
                s.params.put(k, v instanceof String str ? str : Json.compact(v));
            }
        });
        s.tags.put("mlflow.runName", s.runName);
        s.tags.put("mlflow.source.git.commit", Versions.gitCommit());
        s.tags.put("gan.version", Versions.ganLab());
        s.tags.put("gan.backend", r.backend());
        s.tags.put("gan.seed", Long.toString(r.config().seed()));
        s.tags.put("gan.status", r.status().name());
        r.success().ifPresent(ok -> s.tags.put("gan.success", Boolean.toString(ok)));
        if (r.status() == RunRecord.Status.DIVERGED) {
            s.tags.put("gan.diverged_at_step", Integer.toString(r.divergedAtStep()));
            s.tags.put("gan.diverged_reason", r.divergedReason());
        }
        return s;
    }

    /** The sync state of a folder that is not a single run: a sweep, parent of its runs. */
    public static SyncState sweepState(Path sweepDir, OutputSettings.Tracking tracking, String experiment, String planJson,
            Map<String, String> params) {
        SyncState s = new SyncState();
        s.trackingUri = tracking.uri();
        s.experimentName = tracking.experimentName() != null ? tracking.experimentName() : experiment;
        // The same plan gives the same uid: shards of one sweep find one parent run.
        s.uid = "sweep-" + UUID.nameUUIDFromBytes(planJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        s.runName = "sweep " + sweepDir.toAbsolutePath().getFileName();
        s.startTime = System.currentTimeMillis();
        s.params.putAll(params);
        s.tags.put("mlflow.runName", s.runName);
        s.tags.put("mlflow.source.git.commit", Versions.gitCommit());
        s.tags.put("gan.version", Versions.ganLab());
        s.tags.put("gan.kind", "sweep");
        return s;
    }
}
