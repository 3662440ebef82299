package org.ganlab.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.tracking.MlflowClient.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs and sweeps logged to a real MLflow server, read back over its REST API. */
@ExtendWith(MlflowServerExtension.class)
class MlflowTrackingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Runs the CLI and returns the single run folder it made under {@code out}. */
    static Path run(Path out, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString(), "--quiet"));
        GanCliTest.Result r = GanCliTest.gan(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> m = new HashMap<>();
        list.forEach(kv -> m.put(kv.get("key").asText(), kv.get("value").asText()));
        return m;
    }

    /** Every metric of every step of metrics.csv is in MLflow exactly once, with the same value. */
    static void assertMetricsMatch(MlflowClient client, String runId, Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.csv"));
        String[] header = lines.get(0).split(",");
        for (int c = 1; c < header.length; c++) {
            List<JsonNode> history = client.metricHistory(runId, header[c]);
            assertEquals(lines.size() - 1, history.size(), header[c] + ": one value per step, none twice");
            Map<Long, Double> byStep = new HashMap<>();
            history.forEach(m -> byStep.put(m.get("step").asLong(), m.get("value").asDouble()));
            for (int row = 1; row < lines.size(); row++) {
                String[] cells = lines.get(row).split(",");
                assertEquals(Double.parseDouble(cells[c]), byStep.get(Long.parseLong(cells[0])), header[c] + " at row " + row);
            }
        }
    }

    static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return new TreeSet<>(list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aRunIsLoggedWithItsConfigMetricsTagsArtifactsAndStatus(MlflowServer server) throws IOException {
        Path dir = run(tmp, "run", "pattern-1010", "--steps", "1200", "--mlflow", server.uri(), "--mlflow-experiment", "logged");
        SyncState state = SyncState.load(dir);
        assertTrue(state.finished, "sent while the run ended: " + state.lastError);
        MlflowClient client = new MlflowClient(server.uri());
        JsonNode run = client.getRun(state.runId);
        assertEquals("FINISHED", run.path("info").path("status").asText());
        Map<String, String> params = keyValues(run.path("data").path("params"));
        assertEquals("pattern-1010", params.get("experiment"));
        assertEquals("1200", params.get("steps"));
        assertEquals("0.01", params.get("lr-d"));
        assertEquals("alternating", params.get("order"));
        assertEquals("sgd", params.get("optimizer"));
        assertEquals("mse", params.get("loss"));
        assertEquals("[]", params.get("tricks"));
        Map<String, String> tags = keyValues(run.path("data").path("tags"));
        assertEquals("cpu", tags.get("gan.backend"));
        assertEquals("1", tags.get("gan.seed"));
        assertEquals("COMPLETED", tags.get("gan.status"));
        assertNotNull(tags.get("mlflow.source.git.commit"));
        assertNotNull(tags.get("gan.version"));
        assertMetricsMatch(client, state.runId, dir);
        Set<String> expected = files(dir);
        assertEquals(expected, new TreeSet<>(client.listArtifacts(state.runId)));
        assertTrue(expected.containsAll(List.of("params.json", "metrics.csv", "summary.json", "report.html",
                "losses.png", "generator_strip.png")));
        RunInfo info = new RunInfo(state.runId, state.experimentId, state.artifactUri, "");
        assertArrayEquals(Files.readAllBytes(dir.resolve("summary.json")), client.downloadArtifact(info, "summary.json"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("losses.png")), client.downloadArtifact(info, "losses.png"));
    }

    @Test
    void metricsGoInBatchesWithinMlflowsLimits(MlflowServer server) throws IOException {
        try (FaultyProxy proxy = new FaultyProxy(server.uri())) {
            // 7 metrics a step: whole rows go in a request, 142 rows (994 metrics) within MLflow's 1000
            run(tmp, "run", "pattern-1010", "--steps", "994", "--mlflow", proxy.uri());
            int metricBatches = 0;
            for (int i = 0; i < proxy.forwardedPaths.size(); i++) {
                if (!proxy.forwardedPaths.get(i).endsWith("/runs/log-batch")) {
                    continue;
                }
                String body = proxy.forwardedBodies.get(i);
                JsonNode batch = JSON.readTree(body);
                assertTrue(batch.path("metrics").size() <= 1000 && batch.path("params").size() <= 100
                        && batch.path("tags").size() <= 100 && body.length() < 1_000_000, "within limits");
                metricBatches += batch.path("metrics").isEmpty() ? 0 : 1;
            }
            assertEquals(7, metricBatches, "6958 metrics in 7 requests, not one request per metric");
        }
    }

    @Test
    void aDivergedRunIsFailedWithTheReason(MlflowServer server) throws IOException {
        Path dir = run(tmp, "run", "single-point", "--steps", "30", "--trick", "poison:after=7", "--mlflow", server.uri());
        SyncState state = SyncState.load(dir);
        JsonNode run = new MlflowClient(server.uri()).getRun(state.runId);
        assertEquals("FAILED", run.path("info").path("status").asText());
        Map<String, String> tags = keyValues(run.path("data").path("tags"));
        assertEquals("DIVERGED", tags.get("gan.status"));
        assertEquals("8", tags.get("gan.diverged_at_step"));
        assertTrue(tags.get("gan.diverged_reason").contains("d_loss_fake"), tags.get("gan.diverged_reason"));
    }

    @Test
    void aSweepIsOneParentRunWithANestedRunPerRun(MlflowServer server) throws IOException {
        Path out = tmp.resolve("sweep");
        GanCliTest.Result r = GanCliTest.gan("sweep", "nodes", "--seeds", "2", "--grid", "lr=0.05,0.01", "--steps", "50",
                "--mlflow", server.uri(), "--mlflow-experiment", "sweeps", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        SyncState parent = SyncState.load(out);
        assertTrue(parent.finished, String.valueOf(parent.lastError));
        MlflowClient client = new MlflowClient(server.uri());
        List<JsonNode> children = client.searchRuns(parent.experimentId, "tags.`mlflow.parentRunId` = '" + parent.runId + "'");
        assertEquals(4, children.size(), "2 learning rates × 2 seeds");
        for (JsonNode child : children) {
            assertEquals("FINISHED", child.path("info").path("status").asText());
        }
        assertTrue(client.listArtifacts(parent.runId).containsAll(List.of("sweep.csv", "sweep.md", "sweep.png", "sweep.json")));
        assertEquals("FINISHED", client.getRun(parent.runId).path("info").path("status").asText());
    }

    /**
     * Shards in folders of their own: one parent run between them, left running while the sweep is
     * incomplete (a shard alone does not end it), finished with the merged report by sweep-report.
     */
    @Test
    void shardsInTheirOwnFoldersShareTheParentAndTheMergeFinishesIt(MlflowServer server) throws IOException {
        MlflowClient client = new MlflowClient(server.uri());
        List<Path> folders = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            Path out = tmp.resolve("shard-" + shard);
            GanCliTest.Result r = GanCliTest.gan("sweep", "nodes", "--seeds", "2", "--grid", "lr=0.05,0.01", "--steps", "30",
                    "--mlflow", server.uri(), "--mlflow-experiment", "own-folders", "--shard", shard + "/2", "--quiet",
                    "--out", out.toString());
            assertEquals(0, r.exit(), r.err());
            folders.add(out);
            SyncState parent = SyncState.load(out);
            assertEquals("RUNNING", client.getRun(parent.runId).path("info").path("status").asText(),
                    "shard " + shard + " alone does not end the sweep");
        }
        String parentRunId = SyncState.load(folders.get(0)).runId;
        assertEquals(parentRunId, SyncState.load(folders.get(1)).runId, "one parent run");
        GanCliTest.Result merged = GanCliTest.gan("sweep-report", folders.get(0).toString(), folders.get(1).toString());
        assertEquals(0, merged.exit(), merged.err());
        assertEquals("FINISHED", client.getRun(parentRunId).path("info").path("status").asText());
        String experimentId = SyncState.load(folders.get(0)).experimentId;
        assertEquals(4, client.searchRuns(experimentId, "tags.`mlflow.parentRunId` = '" + parentRunId + "'").size());
        RunInfo parent = new RunInfo(parentRunId, experimentId, SyncState.load(folders.get(0)).artifactUri, "");
        assertArrayEquals(Files.readAllBytes(folders.get(0).resolve("sweep.csv")), client.downloadArtifact(parent, "sweep.csv"),
                "the merged report");
    }

    /**
     * Shards of one sweep started at the same moment, each its own process, into one folder: one
     * parent run, every run once under it. Several rounds, as a race may not show in one.
     */
    @Test
    void shardsStartedTogetherMakeOneParentRunAndEachRunOnce(MlflowServer server) throws Exception {
        int shards = 6;
        for (int round = 0; round < 2; round++) {
            Path out = tmp.resolve("shared-" + round);
            String experiment = "concurrent-shards-" + round;
            List<Process> processes = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                processes.add(new ProcessBuilder(GanCliTest.childGan(List.of("-XX:TieredStopAtLevel=1"), "sweep", "nodes",
                        "--seeds", "3", "--grid", "lr=0.05,0.01", "--grid", "steps=20,40", "--mlflow", server.uri(),
                        "--mlflow-experiment", experiment, "--shard", shard + "/" + shards, "--threads", "1", "--quiet",
                        "--out", out.toString()))
                        .redirectErrorStream(true).redirectOutput(tmp.resolve("shard-" + round + "-" + shard + ".log").toFile())
                        .start());
            }
            for (int shard = 0; shard < shards; shard++) {
                assertEquals(0, processes.get(shard).waitFor(),
                        Files.readString(tmp.resolve("shard-" + round + "-" + shard + ".log")));
            }
            SyncState parent = SyncState.load(out);
            MlflowClient client = new MlflowClient(server.uri());
            List<JsonNode> all = client.searchRuns(parent.experimentId, "");
            List<JsonNode> parents = client.searchRuns(parent.experimentId, "tags.`gan.kind` = 'sweep'");
            assertEquals(1, parents.size(), "round " + round + ": one parent run, not one per shard");
            assertEquals(parent.runId, parents.get(0).path("info").path("run_id").asText());
            List<JsonNode> children = client.searchRuns(parent.experimentId, "tags.`mlflow.parentRunId` = '" + parent.runId + "'");
            Set<String> uids = new TreeSet<>();
            for (JsonNode child : children) {
                uids.add(keyValues(child.path("data").path("tags")).get(MlflowSync.UID_TAG));
                assertEquals("FINISHED", child.path("info").path("status").asText());
            }
            assertEquals(12, children.size(), "round " + round + ": 2 x 2 cells x 3 seeds, each logged once");
            assertEquals(12, uids.size(), "each run once");
            assertEquals(13, all.size(), "no other run in the experiment");
            assertEquals("FINISHED", client.getRun(parent.runId).path("info").path("status").asText(),
                    "the last shard to finish ends the sweep's run");
            assertTrue(client.listArtifacts(parent.runId).contains("sweep.csv"));
        }
    }

    @Test
    void serverDownDuringTheRunLosesNothingAndASyncSendsEverythingOnce(MlflowServer server) throws Exception {
        server.stop();
        Path dir;
        try {
            dir = run(tmp, "run", "nodes", "--steps", "200", "--mlflow", server.uri(), "--mlflow-experiment", "outage");
        } finally {
            server.start();
        }
        SyncState spooled = SyncState.load(dir);
        assertFalse(spooled.finished);
        assertNotNull(spooled.lastError);
        assertTrue(Files.exists(dir.resolve("summary.json")), "the run itself completed");
        assertEquals(0, GanCliTest.gan("mlflow-sync", dir.toString()).exit());
        assertEquals(0, GanCliTest.gan("mlflow-sync", dir.toString()).exit(), "a second sync is harmless");
        SyncState sent = SyncState.load(dir);
        MlflowClient client = new MlflowClient(server.uri());
        assertEquals(1, client.searchRuns(sent.experimentId, "tags.`gan.uid` = '" + sent.uid + "'").size(), "one run");
        assertMetricsMatch(client, sent.runId, dir);
        assertEquals(files(dir), new TreeSet<>(client.listArtifacts(sent.runId)));
        assertEquals("FINISHED", client.getRun(sent.runId).path("info").path("status").asText());
    }

    @Test
    void aServerThatFailsMidSyncIsResumedWithoutDuplicates(MlflowServer server) throws IOException {
        Path dir;
        try (FaultyProxy proxy = new FaultyProxy(server.uri())) {
            proxy.dropAfter = 9; // experiment, search, create, params, tags, then a few metric batches
            dir = run(tmp, "run", "pattern-1010", "--steps", "1200", "--mlflow", proxy.uri(), "--mlflow-experiment", "flaky");
        }
        SyncState partial = SyncState.load(dir);
        assertFalse(partial.finished);
        assertTrue(partial.metricRowsSent > 0 && partial.metricRowsSent < 1200, "stopped mid-metrics: " + partial.metricRowsSent);
        GanCliTest.Result sync = GanCliTest.gan("mlflow-sync", dir.toString(), "--mlflow", server.uri());
        assertEquals(0, sync.exit(), sync.err());
        SyncState sent = SyncState.load(dir);
        assertEquals(partial.runId, sent.runId, "the run created before the failure is continued");
        MlflowClient client = new MlflowClient(server.uri());
        assertEquals(1, client.searchRuns(sent.experimentId, "tags.`gan.uid` = '" + sent.uid + "'").size());
        assertMetricsMatch(client, sent.runId, dir);
        assertEquals(files(dir), new TreeSet<>(client.listArtifacts(sent.runId)));
    }

    @Test
    void brieflyUnavailableAnswersAreRetried(MlflowServer server) throws IOException {
        try (FaultyProxy proxy = new FaultyProxy(server.uri())) {
            proxy.unavailableFirst = 2; // 503 twice, then the server answers
            Path dir = run(tmp, "run", "nodes", "--steps", "20", "--mlflow", proxy.uri());
            assertTrue(SyncState.load(dir).finished, "sent without spooling");
        }
    }
}
