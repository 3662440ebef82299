package org.ganlab.experiments.tracking;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ganlab.experiments.tracking.MlflowClient.Metric;
import org.ganlab.experiments.tracking.MlflowClient.RunInfo;

/**
 * Sends a folder's run to MLflow from its {@link SyncState} and its files: experiment, run, params,
 * tags, every step's metrics from {@code metrics.csv} (in {@code runs/log-batch} requests within
 * MLflow's limits), the files as artifacts, and the final status. Each confirmed request is saved
 * in the state, and each request is safe to send again (metrics carry fixed timestamps, which MLflow
 * stores once; a run is created only after a search for its uid finds none), so nothing is lost
 * and nothing is stored twice however often a sync is interrupted and resumed.
 */
public final class MlflowSync {

    public static final String UID_TAG = "gan.uid";
    public static final String PARENT_TAG = "mlflow.parentRunId";

    private MlflowSync() {
    }

    /** Syncs the folder with its recorded server (or {@code uriOverride}); returns the state reached. */
    public static SyncState sync(Path folder, String uriOverride) throws IOException {
        return SyncState.locked(folder, () -> {
            SyncState s = SyncState.load(folder);
            if (uriOverride != null && !uriOverride.equals(s.trackingUri)) {
                s.trackingUri = uriOverride;
                s.save(folder);
            }
            if (s.finished) {
                return s;
            }
            MlflowClient client = new MlflowClient(s.trackingUri);
            try {
                String parentRunId = s.parentDir == null ? null : ensureCreated(Path.of(s.parentDir), s.trackingUri);
                RunInfo run = ensureCreated(folder, s, client);
                if (parentRunId != null) {
                    s.tags.put(PARENT_TAG, parentRunId);
                }
                sendParamsAndTags(folder, s, client, run);
                sendMetrics(folder, s, client, run);
                if (s.status != null) {
                    sendArtifacts(folder, s, client, run);
                    client.updateRun(run.runId(), s.status, s.endTime);
                    s.finished = true;
                }
                s.lastError = null;
                s.save(folder);
                return s;
            } catch (IOException e) {
                s.lastError = e.getMessage();
                s.save(folder);
                throw e;
            }
        });
    }

    /**
     * The parent's MLflow run id, creating that run (only) if needed. Under the parent folder's lock:
     * shards of a sweep, each its own process, may all get here at the same moment.
     */
    private static String ensureCreated(Path parentFolder, String uri) throws IOException {
        return SyncState.locked(parentFolder, () -> {
            SyncState parent = SyncState.load(parentFolder);
            if (parent.runId == null) {
                ensureCreated(parentFolder, parent, new MlflowClient(uri));
            }
            return parent.runId;
        });
    }

    private static RunInfo ensureCreated(Path folder, SyncState s, MlflowClient client) throws IOException {
        if (s.experimentId == null) {
            s.experimentId = client.experimentId(s.experimentName);
            s.save(folder);
        }
        if (s.runId == null) {
            RunInfo run = client.findRunByTag(s.experimentId, UID_TAG, s.uid).orElse(null);
            if (run == null) {
                run = client.createRun(s.experimentId, s.runName, s.startTime, Map.of(UID_TAG, s.uid));
            }
            s.runId = run.runId();
            s.artifactUri = run.artifactUri();
            s.save(folder);
        }
        return new RunInfo(s.runId, s.experimentId, s.artifactUri, "");
    }

    private static void sendParamsAndTags(Path folder, SyncState s, MlflowClient client, RunInfo run) throws IOException {
        if (!s.paramsSent) {
            for (Map<String, String> chunk : chunks(truncated(s.params, MlflowLimits.MAX_PARAM_VALUE), MlflowLimits.PARAMS_PER_BATCH)) {
                client.logBatch(run.runId(), List.of(), chunk, Map.of());
            }
            s.paramsSent = true;
            s.save(folder);
        }
        if (!s.tagsSent || s.status != null) { // tags may change when the run ends (status, reason)
            for (Map<String, String> chunk : chunks(truncated(s.tags, MlflowLimits.MAX_TAG_VALUE), MlflowLimits.TAGS_PER_BATCH)) {
                client.logBatch(run.runId(), List.of(), Map.of(), chunk);
            }
            s.tagsSent = true;
            s.save(folder);
        }
    }

    /** Whole rows of {@code metrics.csv} per request, as many as fit MLflow's limits. */
    private static void sendMetrics(Path folder, SyncState s, MlflowClient client, RunInfo run) throws IOException {
        Path csv = folder.resolve("metrics.csv");
        if (!Files.exists(csv) || s.status == null) {
            return;
        }
        List<String> lines;
        try (BufferedReader r = Files.newBufferedReader(csv)) {
            lines = r.lines().toList();
        }
        if (lines.isEmpty()) {
            return;
        }
        String[] header = lines.get(0).split(",");
        int stepColumn = List.of(header).indexOf("step");
        int row = s.metricRowsSent;
        while (row < lines.size() - 1) {
            List<Metric> batch = new ArrayList<>();
            int bytes = 0;
            int rowsInBatch = 0;
            while (row + rowsInBatch < lines.size() - 1) {
                List<Metric> rowMetrics = metrics(header, stepColumn, lines.get(row + rowsInBatch + 1), s.startTime);
                int rowBytes = rowMetrics.size() * 100;
                if (!batch.isEmpty() && (batch.size() + rowMetrics.size() > MlflowLimits.METRICS_PER_BATCH
                        || bytes + rowBytes > MlflowLimits.MAX_BATCH_BYTES)) {
                    break;
                }
                batch.addAll(rowMetrics);
                bytes += rowBytes;
                rowsInBatch++;
            }
            client.logBatch(run.runId(), batch, Map.of(), Map.of());
            row += rowsInBatch;
            s.metricRowsSent = row;
            s.save(folder);
        }
    }

    /** A row's metrics at its step, time-stamped start + step ms so that a resent row is the same row. */
    static List<Metric> metrics(String[] header, int stepColumn, String line, long startTime) {
        String[] cells = line.split(",", -1);
        long step = stepColumn >= 0 ? Long.parseLong(cells[stepColumn]) : 0;
        List<Metric> out = new ArrayList<>();
        for (int i = 0; i < header.length && i < cells.length; i++) {
            if (i != stepColumn && !cells[i].isEmpty()) {
                out.add(new Metric(header[i], Double.parseDouble(cells[i]), startTime + step, step));
            }
        }
        return out;
    }

    /** Every file of the folder except the sync state and, for a sweep, its runs' folders. */
    private static void sendArtifacts(Path folder, SyncState s, MlflowClient client, RunInfo run) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".tmp") || s.artifactsSent.contains(name)) {
                continue;
            }
            client.uploadArtifact(run, name, Files.readAllBytes(f));
            s.artifactsSent.add(name);
            s.save(folder);
        }
    }

    private static Map<String, String> truncated(Map<String, String> values, int max) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? "" : v.length() > max ? v.substring(0, max) : v));
        return out;
    }

    private static List<Map<String, String>> chunks(Map<String, String> values, int size) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            current.put(e.getKey(), e.getValue());
            if (current.size() == size) {
                out.add(current);
                current = new LinkedHashMap<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
