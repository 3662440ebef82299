package org.ganlab.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.io.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory does not grow with the steps: metrics stream to disk and charts read them back thinned. */
class LongRunTest {

    @TempDir
    Path tmp;

    @Test
    void twoMillionStepsOfNodesRunIn128MegabytesOfHeap() throws Exception {
        int steps = 2_000_000; // the old in-memory log needed about 800 MB for these rows
        List<String> cmd = GanCliTest.childGan(List.of("-Xmx128m"), "run", "nodes", "--steps", Integer.toString(steps), "--quiet", "--out", tmp.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        Path run;
        try (Stream<Path> dirs = Files.list(tmp)) {
            run = dirs.findFirst().orElseThrow();
        }
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertEquals("COMPLETED", summary.get("status").asText(), output);
        assertEquals(steps, summary.get("stepsRecorded").asLong());
        try (Stream<String> lines = Files.lines(run.resolve("metrics.csv"))) {
            assertEquals(steps + 1L, lines.count(), "a header and every step");
        }
        assertTrue(Files.size(run.resolve("params.png")) > 0 && Files.size(run.resolve("errors.png")) > 0);
        assertEquals(new RunStatus.Info("COMPLETED", steps, steps, RunStatus.read(run).orElseThrow().pid(),
                RunStatus.read(run).orElseThrow().host()), RunStatus.read(run).orElseThrow());
    }

    @Test
    void aBatchThatDoesNotFitInTheHeapIsAUserErrorWithTheHeapSizeBeforeAnythingIsWritten() throws Exception {
        List<String> cmd = GanCliTest.childGan(List.of("-Xmx64m"), "run", "ring", "--batch", "20000000", "--steps", "1", "--out", tmp.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), output);
        // The heap a JVM reports is -Xmx less what its collector keeps aside: 64 MiB or a little under.
        assertTrue(output.matches("(?s).*gan run ring: --batch 20000000 with this network needs at least [0-9,]+ MiB of "
                + "tensors, more than the 6[0-4] MiB of Java heap; lower --batch.*"), output);
        assertTrue(!output.contains("\tat "), "no stack trace: " + output);
        try (Stream<Path> written = Files.list(tmp)) {
            assertEquals(0, written.count(), "no run folder");
        }
    }

    /** What fits the planner's lower bound but not the heap still ends as a user error, its folder FAILED. */
    @Test
    void aRunThatOutgrowsTheHeapWhileRunningIsAUserErrorWithTheHeapSize() throws Exception {
        List<String> cmd = GanCliTest.childGan(List.of("-Xmx64m"), "run", "ring", "--batch", "20000", "--steps", "1",
                "--out", tmp.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.matches("(?s).*gan run ring: out of memory \\(Java heap space\\) with 6[0-4] MiB of Java heap: "
                + "--batch 20000 with this network needs more; lower --batch.*"), output);
        assertTrue(!output.contains("\tat "), "no stack trace: " + output);
        assertEquals("FAILED", RunStatus.read(runFolder(tmp)).orElseThrow().status());
    }

    /** Starts a long nodes run in a child JVM (its terminal in {@code out}.log) and waits for its first heartbeat past step 0. */
    private Process startLongRun(Path out) throws Exception {
        List<String> cmd = GanCliTest.childGan(List.of(), "run", "nodes", "--steps", "500000000", "--out", out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Path run = runFolder(out);
            if (run != null && RunStatus.read(run).map(i -> i.step() > 0).orElse(false)) {
                return p;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("no heartbeat within 60 s");
    }

    private static Path runFolder(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.findFirst().orElse(null);
        }
    }

    @Test
    void aStoppedRunsFolderSaysItWasInterruptedAndAtWhichStep() throws Exception {
        Process terminated = startLongRun(tmp.resolve("term"));
        terminated.destroy(); // SIGTERM: the shutdown hook writes INTERRUPTED
        terminated.waitFor();
        RunStatus.Info t = RunStatus.read(runFolder(tmp.resolve("term"))).orElseThrow();
        assertEquals("INTERRUPTED", t.status());
        assertTrue(t.step() > 0 && t.step() < t.steps(), t.toString());
        String said = Files.readString(tmp.resolve("term.log"));
        assertTrue(said.matches("(?s).*gan: stopped at step [0-9,]+ of 500,000,000; " + java.util.regex.Pattern.quote(
                runFolder(tmp.resolve("term")).toString()) + " keeps what was recorded \\(status INTERRUPTED\\)\n.*"), said);

        Process killed = startLongRun(tmp.resolve("kill"));
        killed.destroyForcibly(); // SIGKILL: RUNNING stays in the file; its process is gone
        killed.waitFor();
        Path run = runFolder(tmp.resolve("kill"));
        RunStatus.Info k = RunStatus.read(run).orElseThrow();
        assertEquals("INTERRUPTED", k.status());
        assertTrue(Files.readString(run.resolve(RunStatus.FILE)).contains("\"RUNNING\""));
        assertTrue(k.step() > 0, k.toString());
        assertTrue(Files.exists(run.resolve("metrics.csv")) && !Files.exists(run.resolve("summary.json")));
        try (Stream<String> lines = Files.lines(run.resolve("metrics.csv"))) {
            assertTrue(lines.count() > k.step(), "rows up to the last heartbeat are on disk");
        }
    }
}
