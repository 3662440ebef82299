package org.ganlab.experiments.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.sweep.SweepPlan;
import org.ganlab.experiments.tracking.MlflowException;
import org.ganlab.experiments.tracking.MlflowSink;
import org.ganlab.experiments.tracking.MlflowSync;
import org.ganlab.experiments.tracking.SyncState;

/** A sweep's own MLflow run: created before its runs (their parent), finished with the report as artifacts. */
final class SweepTracking {

    private SweepTracking() {
    }

    /**
     * Records the sweep's run in the folder's spool (once: every shard of the sweep sharing the folder
     * comes here, perhaps at the same moment) and sends it.
     */
    static void start(SweepPlan plan, OutputSettings.Tracking tracking) throws IOException {
        Path dir = plan.out();
        SyncState.locked(dir, () -> {
            if (!SyncState.exists(dir)) {
                Map<String, Object> described = plan.describe();
                Map<String, String> params = new LinkedHashMap<>();
                described.forEach((k, v) -> params.put("sweep." + k, v instanceof String s ? s : Json.compact(v)));
                MlflowSink.sweepState(dir, tracking, plan.experiment().name(), Json.MAPPER.writeValueAsString(described),
                        params).save(dir);
            }
            return null;
        });
        trySync(dir);
    }

    /**
     * Marks the sweep's run finished and (re)sends its report files, which this invocation rewrote.
     * Called once every run of the sweep has finished (this shard's and the others'): the last shard
     * to end sees that, the others leave the sweep's run open.
     */
    static void finish(Path dir) throws IOException {
        SyncState.locked(dir, () -> {
            SyncState s = SyncState.load(dir);
            s.status = "FINISHED";
            s.endTime = System.currentTimeMillis();
            s.finished = false;
            s.artifactsSent.clear();
            s.save(dir);
            return null;
        });
        trySync(dir);
    }

    private static void trySync(Path dir) throws IOException {
        try {
            MlflowSync.sync(dir, null);
        } catch (MlflowException e) {
            MlflowSink.warn(e, "the sweep's run", dir);
        }
    }
}
