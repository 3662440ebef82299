package org.ganlab.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.wiring.Gan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    static final Gan GAN = new Gan();

    /** A small sweep: 2 learning rates × 2 trick settings × 3 seeds of a short single-point run. */
    static final String[] SWEEP = {"sweep", "single-point", "--seeds", "3", "--steps", "150",
        "--grid", "lr=0.05,0.2", "--grid", "trick=none,label-smoothing:eps=0.2,one-sided=true", "--quiet"};

    @TempDir
    Path tmp;

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static GanCliTest.Result gan(String... args) {
        return GanCliTest.gan(args);
    }

    String csv(Path dir) throws IOException {
        return Files.readString(dir.resolve("sweep.csv"));
    }

    @Test
    void oneThreadAndTwoThreadsGiveTheSameSweepCsv() throws IOException {
        assertEquals(0, gan(with(SWEEP, "--threads", "1", "--out", tmp.resolve("one").toString())).exit());
        assertEquals(0, gan(with(SWEEP, "--threads", "2", "--out", tmp.resolve("two").toString())).exit());
        String one = csv(tmp.resolve("one"));
        assertEquals(one, csv(tmp.resolve("two")));
        List<String> lines = one.lines().toList();
        assertEquals("cell,lr,trick,runs,successes,diverged,success_rate,ci_low,ci_high,median_w,median_b,"
                + "mean_w,se_w,ci_low_w,ci_high_w,mean_b,se_b,ci_low_b,ci_high_b", lines.get(0));
        assertEquals(5, lines.size(), "a header and four cells");
        assertTrue(lines.get(2).startsWith("1,0.05,\"label-smoothing:eps=0.2,one-sided=true\",3,"), lines.get(2));
        assertTrue(Files.exists(tmp.resolve("one/sweep.md")) && Files.exists(tmp.resolve("one/sweep.png")));
        assertTrue(Files.exists(tmp.resolve("one/runs/000_lr-0.05_trick-none/seed-1/summary.json")));
    }

    @Test
    void rerunningResumesSkippingFinishedRunsAndRedoingInterruptedOnes() throws IOException {
        String out = tmp.resolve("s").toString();
        assertEquals(0, gan(with(SWEEP, "--out", out)).exit());
        String first = csv(Path.of(out));
        // An interrupted run: its folder exists with some files but no summary.json.
        Path interrupted = Path.of(out, "runs", "003_lr-0.2_trick-label-smoothing~eps~0.2~one-sided~true", "seed-2");
        Files.delete(interrupted.resolve("summary.json"));
        Files.writeString(interrupted.resolve("metrics.csv"), "step\n1\n");
        GanCliTest.Result again = gan(with(SWEEP, "--out", out));
        assertEquals(0, again.exit());
        assertEquals(first, csv(Path.of(out)), "the same sweep.csv after resuming");
        GanCliTest.Result loud = gan(java.util.Arrays.stream(with(SWEEP, "--out", out)).filter(a -> !a.equals("--quiet"))
                .toArray(String[]::new));
        assertTrue(loud.out().contains("ran 0 runs, skipped 12 already finished, of 12"), loud.out());
    }

    @Test
    void aSweepKilledWithKillNineLosesOnlyTheRunsInFlight() throws Exception {
        Path single = tmp.resolve("single");
        assertEquals(0, gan(with(SWEEP, "--out", single.toString())).exit());
        Path killed = tmp.resolve("killed");
        List<String> cmd = GanCliTest.childGan(List.of(), with(SWEEP, "--threads", "1", "--out", killed.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (finished(killed) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly().waitFor(); // SIGKILL on Unix: no shutdown hooks, files as they are
        long before = finished(killed);
        assertTrue(before >= 3, "it was killed after finishing some runs: " + before);
        GanCliTest.Result partial = gan("sweep-report", killed.toString());
        assertTrue(partial.err().contains("Incomplete: " + before + " of 12 planned runs found"), partial.err());
        assertFalse(partial.err().matches("(?s).*; ([2-9]|\\d\\d+) unfinished.*"), "one thread: one run in flight at most: "
                + partial.err());
        GanCliTest.Result resumed = gan(java.util.Arrays.stream(with(SWEEP, "--out", killed.toString()))
                .filter(a -> !a.equals("--quiet")).toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("skipped " + before + " already finished, of 12"), resumed.out());
        assertEquals(csv(single), csv(killed));
    }

    private static long finished(Path sweep) throws IOException {
        if (!Files.exists(sweep.resolve("runs"))) {
            return 0;
        }
        // Only the run folders (depth 2): the files in them come and go as the running sweep writes
        // them through temporary files, and a walk that meets one vanishing fails.
        try (var runs = Files.walk(sweep.resolve("runs"), 2)) {
            return runs.filter(run -> Files.exists(run.resolve("summary.json"))).count();
        }
    }

    @Test
    void aDifferentSweepCannotReuseTheFolder() {
        String out = tmp.resolve("s").toString();
        assertEquals(0, gan(with(SWEEP, "--out", out)).exit());
        GanCliTest.Result r = gan(with(SWEEP, "--out", out, "--batch", "8"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("holds a different sweep"), r.err());
    }

    @Test
    void badGridsAreRefusedBeforeAnythingRuns() {
        String out = tmp.resolve("bad").toString();
        assertEquals("gan sweep single-point: --lr must be a number > 0, got 'fast'",
                gan("sweep", "single-point", "--seeds", "2", "--grid", "lr=0.1,fast", "--out", out).err().strip());
        assertEquals("gan sweep single-point: --grid: 'momentum' is not a flag of single-point that a sweep can vary; "
                + "allowed: steps, batch, lr, lr-d, lr-g, optimizer, beta1, beta2, loss, order, d-steps, backend, trick, "
                + "snapshot-every",
                gan("sweep", "single-point", "--seeds", "2", "--grid", "momentum=0.9", "--out", out).err().strip());
        assertEquals("gan sweep single-point: --trick: unknown trick 'magic'; available: consensus, ema, example-weighting, "
                + "gradient-penalty, instance-noise, label-smoothing, packing, poison, r1, r2, spectral-norm, unrolled, weight-clipping, "
                + "weight-decay, weight-noise",
                gan("sweep", "single-point", "--seeds", "2", "--grid", "trick=none,magic", "--out", out).err().strip());
        assertEquals("gan sweep single-point: --shard must be I/N with 0 <= I < N, got '3/3'",
                gan("sweep", "single-point", "--seeds", "2", "--shard", "3/3", "--out", out).err().strip());
        assertEquals("gan sweep single-point: --success: 'x=1' is not KEY=VALUE with KEY one of b, w (single-point)",
                gan("sweep", "single-point", "--seeds", "2", "--success", "x=1", "--out", out).err().strip());
        assertEquals("gan sweep pattern-1010: --trick gradient-penalty interpolates real and fake examples, but this "
                + "experiment updates D on them in separate steps", gan("sweep", "pattern-1010", "--seeds", "2", "--grid",
                "trick=none,gradient-penalty", "--out", out).err().strip(), "every cell is checked before anything runs");
        assertTrue(!Files.exists(Path.of(out)), "nothing was written");
    }

    @Test
    void threeShardsInSeparateProcessesMergeIntoTheSingleProcessReport() throws Exception {
        Path single = tmp.resolve("single");
        assertEquals(0, gan(with(SWEEP, "--out", single.toString())).exit());
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> cmd = GanCliTest.childGan(List.of(),
                    with(SWEEP, "--shard", i + "/3", "--threads", "1", "--out", tmp.resolve("shard" + i).toString()));
            shards.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("shard" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(shards.get(i).waitFor(120, TimeUnit.SECONDS), "shard " + i + " finished");
            assertEquals(0, shards.get(i).exitValue(), Files.readString(tmp.resolve("shard" + i + ".log")));
        }
        Path merged = tmp.resolve("merged");
        GanCliTest.Result r = gan("sweep-report", tmp.resolve("shard0").toString(), tmp.resolve("shard1").toString(),
                tmp.resolve("shard2").toString(), "--out", merged.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(csv(single), csv(merged));
        assertEquals(Files.readString(single.resolve("sweep.md")), Files.readString(merged.resolve("sweep.md")));
        long shard0Runs = Files.walk(tmp.resolve("shard0/runs")).filter(p -> p.getFileName().toString().equals("summary.json")).count();
        assertEquals(4, shard0Runs, "shard 0 of 3 ran 4 of the 12 runs");
        GanCliTest.Result alone = gan("sweep-report", tmp.resolve("shard1").toString());
        assertEquals(0, alone.exit(), alone.err());
        String warning = "Incomplete: 4 of 12 planned runs found; 8 not found (other shards, or not started yet): "
                + "lr=0.05 trick=none seeds 1, 3; ";
        assertTrue(alone.err().startsWith("gan sweep-report: warning: " + warning), alone.err());
        assertTrue(Files.readString(tmp.resolve("shard1/sweep.md")).contains("**" + warning),
                "the report itself says it is incomplete");
    }

    @Test
    void wilsonIntervalsAndTalliesAreThoseOfTheRuns() throws IOException {
        Path dir = tmp.resolve("n");
        assertEquals(0, gan("sweep", "nodes", "--seeds", "10", "--steps", "300", "--grid", "lr=0.05,0.001",
                "--quiet", "--out", dir.toString()).exit());
        List<String> lines = csv(dir).lines().toList();
        // lr 0.05: every seed reaches 1 in 300 steps; Wilson's interval for 10 of 10 is [10/(10+z^2), 1].
        assertTrue(lines.get(1).startsWith("0,0.05,10,10,0,1.0000,0.7225,1.0000,"), lines.get(1));
        // lr 0.001: count the successes in the run folders and check the interval by its closed form.
        int successes = 0;
        try (var summaries = Files.walk(dir.resolve("runs/001_lr-0.001"))) {
            for (Path p : summaries.filter(f -> f.getFileName().toString().equals("summary.json")).toList()) {
                double g = org.ganlab.experiments.io.Json.MAPPER.readTree(p.toFile()).get("results").get("g_param").asDouble();
                successes += Math.abs(g - 1) < 0.1 ? 1 : 0;
            }
        }
        String[] cells = lines.get(2).split(",");
        assertEquals(successes, Integer.parseInt(cells[3]));
        double n = 10;
        double p = successes / n;
        double z = 1.959963984540054;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        assertEquals(centre - half, Double.parseDouble(cells[6]), 1e-4);
        assertEquals(centre + half, Double.parseDouble(cells[7]), 1e-4);
    }
}
