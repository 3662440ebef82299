package org.ganlab.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.io.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and {@code gan resume}: a killed run, resumed, ends with an uninterrupted run's files, byte for byte. */
class CheckpointTest {

    /** ring with Adam (its default) and the stateful ema trick, smaller than its defaults; 200-step checkpoints. */
    static final String[] RUN = {"run", "ring", "--steps", "1200", "--hidden", "64", "--batch", "128", "--trick", "ema",
        "--checkpoint-every", "200", "--quiet"};

    @TempDir
    Path tmp;

    static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Path onlyRun(Path out) throws Exception {
        Path run = firstRun(out);
        assertTrue(run != null, "a run folder in " + out);
        return run;
    }

    private static Path firstRun(Path out) throws Exception {
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.findFirst().orElse(null);
        }
    }

    @Test
    void aRunKilledWithKillNineAndResumedEndsAsAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole");
        GanCliTest.Result uninterrupted = GanCliTest.gan(with(RUN, "--out", whole.toString()));
        assertEquals(0, uninterrupted.exit(), uninterrupted.err());

        Path out = tmp.resolve("killed");
        List<String> cmd = GanCliTest.childGan(List.of(), with(RUN, "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path run = null;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(out) && (run = firstRun(out)) != null && Checkpoints.saved(run) != null) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "still training at its first checkpoint: " + Files.readString(tmp.resolve("killed.log")));
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        int checkpointStep = Checkpoints.saved(run).step();
        assertTrue(checkpointStep >= 200 && checkpointStep < 1200, "killed mid-run, after step " + checkpointStep);
        assertFalse(Files.exists(run.resolve("summary.json")));
        assertEquals("INTERRUPTED", RunStatus.read(run).orElseThrow().status());

        GanCliTest.Result resumed = GanCliTest.gan("resume", run.toString(), "--quiet");
        assertEquals(0, resumed.exit(), resumed.err());
        Path reference = onlyRun(whole);
        assertEquals(Files.readString(reference.resolve("metrics.csv")), Files.readString(run.resolve("metrics.csv")));
        assertEquals(Files.readString(reference.resolve("summary.json")), Files.readString(run.resolve("summary.json")));
        assertEquals("COMPLETED", RunStatus.read(run).orElseThrow().status());
    }

    /** A run folder of the sweep with a checkpoint but no summary: one killed mid-run. */
    private static Path unfinishedWithCheckpoint(Path sweep) throws Exception {
        if (!Files.isDirectory(sweep.resolve("runs"))) {
            return null;
        }
        // Only the run folders (depth 2): a walk into them can meet a temporary file as it is renamed.
        try (Stream<Path> runs = Files.walk(sweep.resolve("runs"), 2)) {
            return runs.filter(d -> Files.exists(d.resolve(Checkpoints.FILE)) && !Files.exists(d.resolve("summary.json")))
                    .findFirst().orElse(null);
        }
    }

    @Test
    void aSweepKilledMidRunContinuesThatRunFromItsCheckpoint() throws Exception {
        String[] sweep = {"sweep", "ring", "--seeds", "2", "--steps", "1500", "--hidden", "16", "--batch", "64",
            "--checkpoint-every", "100", "--grid", "trick=none,ema", "--threads", "1", "--quiet"};
        Path whole = tmp.resolve("whole");
        assertEquals(0, GanCliTest.gan(with(sweep, "--out", whole.toString())).exit());
        Path killed = tmp.resolve("killed");
        List<String> cmd = GanCliTest.childGan(List.of(), with(sweep, "--out", killed.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("sweep.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path inFlight = null;
        while (p.isAlive() && System.nanoTime() < deadline && (inFlight = unfinishedWithCheckpoint(killed)) == null) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive() && inFlight != null, "killed while a run had a checkpoint: " + Files.readString(tmp.resolve("sweep.log")));
        p.destroyForcibly().waitFor();
        GanCliTest.Result rerun = GanCliTest.gan(java.util.Arrays.stream(with(sweep, "--out", killed.toString()))
                .filter(a -> !a.equals("--quiet")).toArray(String[]::new));
        assertEquals(0, rerun.exit(), rerun.err());
        assertTrue(rerun.out().contains("(1 resumed from checkpoints)"), rerun.out());
        assertEquals(Files.readString(whole.resolve("sweep.csv")), Files.readString(killed.resolve("sweep.csv")));
        Path same = whole.resolve(killed.relativize(inFlight));
        assertEquals(Files.readString(same.resolve("metrics.csv")), Files.readString(inFlight.resolve("metrics.csv")));
    }

    @Test
    void aFinishedRunTrainsFurtherAsIfItHadBeenLongerFromTheStart() throws Exception {
        String[] common = {"run", "ring", "--hidden", "32", "--trick", "ema", "--checkpoint-every", "100", "--quiet"};
        assertEquals(0, GanCliTest.gan(with(common, "--steps", "300", "--out", tmp.resolve("a").toString())).exit());
        Path run = onlyRun(tmp.resolve("a"));
        assertEquals(0, GanCliTest.gan(with(common, "--steps", "500", "--out", tmp.resolve("b").toString())).exit());
        Path longer = onlyRun(tmp.resolve("b"));
        assertEquals(0, GanCliTest.gan("resume", run.toString(), "--steps", "500", "--quiet").exit());
        assertEquals(Files.readString(longer.resolve("metrics.csv")), Files.readString(run.resolve("metrics.csv")));
        assertEquals(Files.readString(longer.resolve("summary.json")), Files.readString(run.resolve("summary.json")));
    }

    @Test
    void resumeRefusesWhatItCannotContinue() throws Exception {
        GanCliTest.Result plain = GanCliTest.gan("run", "ring", "--steps", "20", "--hidden", "8", "--quiet", "--out",
                tmp.resolve("plain").toString());
        assertEquals(0, plain.exit(), plain.err());
        Path run = onlyRun(tmp.resolve("plain"));
        assertRefused("gan resume: " + run + " has no checkpoint.json: the run was not started with --checkpoint-every, "
                + "or stopped before its first checkpoint", "resume", run.toString());

        String[] saved = {"run", "ring", "--steps", "20", "--hidden", "8", "--checkpoint-every", "10", "--quiet", "--out",
            tmp.resolve("saved").toString()};
        assertEquals(0, GanCliTest.gan(saved).exit());
        Path done = onlyRun(tmp.resolve("saved"));
        assertRefused("gan resume: " + done + " already finished its 20 steps; give --steps N above 20 to train it further",
                "resume", done.toString());
        assertRefused("gan resume: --steps 5 is fewer than the checkpoint's 20 steps", "resume", done.toString(),
                "--steps", "5");
        Path file = done.resolve(Checkpoints.FILE);
        Files.writeString(file, Files.readString(file).replace("\"ganLab\":\"", "\"ganLab\":\"0.0.1-other-"));
        GanCliTest.Result other = GanCliTest.gan("resume", done.toString(), "--steps", "30");
        assertEquals(2, other.exit());
        assertTrue(other.err().startsWith("gan resume: the checkpoint in " + done + " is of another config or version: "
                + "ganLab \"0.0.1-other-"), other.err());
        assertRefused("gan run nodes: --checkpoint-every does not apply to nodes; its flags: --seed, --steps, --lr, --out, "
                + "--quiet, --mlflow, --mlflow-experiment", "run", "nodes", "--checkpoint-every", "10");
    }

    private static void assertRefused(String message, String... args) {
        GanCliTest.Result r = GanCliTest.gan(args);
        assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.out());
        assertEquals(message, r.err().strip());
    }
}
