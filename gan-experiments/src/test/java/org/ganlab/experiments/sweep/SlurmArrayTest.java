package org.ganlab.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCliTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cluster/slurm-array.sh, the file users submit, submitted to a real (single-node) SLURM
 * cluster with a small sweep given through its environment: the array's shards and a dependent
 * {@code sweep-report} job must give the {@code sweep.csv} of the same sweep run in one process, and
 * a task cancelled mid-shard, resubmitted, must finish its shard without redoing its finished runs.
 */
@ExtendWith(LocalSlurm.class)
class SlurmArrayTest {

    static final String ARRAY_SCRIPT = "docs/cluster/slurm-array.sh";
    static final int SEEDS = 3;
    /** 4 cells x 3 seeds; 2000 steps make a run last about a second, long enough to cancel a shard mid-way. */
    static final String SWEEP = "single-point --seeds " + SEEDS + " --grid lr=0.05,0.2 --grid trick=none,label-smoothing "
            + "--steps 2000";
    static final int RUNS = 12;

    @TempDir
    static Path shared;
    private static byte[] reference;

    @TempDir
    Path tmp;

    @BeforeEach
    void clusterUp() {
        String reason = LocalSlurm.unavailableReason();
        if (reason != null) {
            fail(reason); // only reached under CI=true; elsewhere LocalSlurm skipped the test
        }
    }

    /** The sweep run in this process, on one thread: the sweep.csv every cluster run must reproduce. */
    static synchronized byte[] reference() throws IOException {
        if (reference == null) {
            Path out = shared.resolve("one-process");
            List<String> args = new ArrayList<>(List.of("sweep"));
            args.addAll(List.of(SWEEP.split(" ")));
            args.addAll(List.of("--threads", "1", "--quiet", "--out", out.toString()));
            GanCliTest.Result r = GanCliTest.gan(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            reference = Files.readAllBytes(out.resolve("sweep.csv"));
        }
        return reference;
    }

    /** How a job starts gan-lab: this test's JVM and classpath (the cluster's one node shares its files). */
    static String gan() {
        return String.join(" ", GanCliTest.childGan(List.of()));
    }

    /** The cluster's environment plus what the array script reads. */
    static Map<String, String> env(Path out) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(LocalSlurm.environment());
        env.put("GAN", gan());
        env.put("GAN_SWEEP", SWEEP);
        env.put("GAN_SWEEP_OUT", out.toString());
        return env;
    }

    String submitArray(Map<String, String> env, String tasks) throws IOException {
        return LocalSlurm.sbatch(env, "--array=" + tasks, "--cpus-per-task=1", "--mem=1G",
                "--output=" + tmp.resolve("slurm-%A_%a.log"), ARRAY_SCRIPT);
    }

    String submitReport(Map<String, String> env, String array, Path out) throws IOException {
        return LocalSlurm.sbatch(env, "--dependency=afterok:" + array, "--mem=1G", "--output=" + tmp.resolve("report-%j.log"),
                "--wrap", "exec " + gan() + " sweep-report " + out);
    }

    void assertAllCompleted(Map<String, String> env, String job, int tasks) throws IOException {
        Map<String, String> states = LocalSlurm.states(env, job);
        assertEquals(tasks, states.size(), states.toString());
        states.forEach((task, state) -> assertEquals("COMPLETED 0:0", state, task + " " + logs()));
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(tmp)) {
            files.filter(f -> f.toString().endsWith(".log")).sorted()
                    .forEach(f -> b.append("\n--- ").append(f.getFileName()).append("\n").append(LocalSlurm.log(f)));
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    @Test
    void theArraysShardsAndADependentReportGiveTheSweepOfOneProcess() throws Exception {
        Path out = tmp.resolve("sweep");
        Map<String, String> env = env(out);
        String array = submitArray(env, "0-3");
        String report = submitReport(env, array, out);
        LocalSlurm.awaitEnd(env, report, 600);
        assertAllCompleted(env, array, 4);
        assertAllCompleted(env, report, 1);
        String reportLog = LocalSlurm.log(tmp.resolve("report-" + report + ".log"));
        assertTrue(reportLog.contains("report folder: " + out), reportLog);
        assertFalse(reportLog.contains("Incomplete"), reportLog);
        assertArrayEquals(reference(), Files.readAllBytes(out.resolve("sweep.csv")), "4 shards merged = 1 process");
    }

    @Test
    void aTaskCancelledMidShardAndResubmittedSkipsItsFinishedRuns() throws Exception {
        Path out = tmp.resolve("sweep");
        Map<String, String> env = env(out);
        String array = submitArray(env, "0-1");
        List<Path> shard0 = shardRuns(out, 0, 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (finished(shard0).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "shard 0 finished no run in 300 s" + logs());
            Thread.sleep(50);
        }
        LocalSlurm.Result cancel = LocalSlurm.exec(List.of("scancel", array + "_0"), env, 30);
        assertEquals(0, cancel.exit(), cancel.output());
        LocalSlurm.awaitEnd(env, array, 600);
        Map<String, String> states = LocalSlurm.states(env, array);
        assertTrue(states.get(array + "_0").startsWith("CANCELLED"), states.toString());
        assertEquals("COMPLETED 0:0", states.get(array + "_1"), states + logs());

        Map<Path, String> before = finishedRuns(out);
        int doneInShard0 = finished(shard0).size();
        assertTrue(doneInShard0 >= 1 && doneInShard0 < shard0.size(),
                "cancelled mid-shard: " + doneInShard0 + " of " + shard0.size() + " runs done");
        assertEquals(RUNS - shard0.size() + doneInShard0, before.size(), "shard 1 finished all its runs");

        String again = submitArray(env, "0-1");
        String report = submitReport(env, again, out);
        LocalSlurm.awaitEnd(env, report, 600);
        assertAllCompleted(env, again, 2);
        assertAllCompleted(env, report, 1);
        Map<Path, String> after = finishedRuns(out);
        assertEquals(RUNS, after.size(), "every run finished");
        before.forEach((run, state) -> assertEquals(state, after.get(run), run + " was not run again"));
        assertArrayEquals(reference(), Files.readAllBytes(out.resolve("sweep.csv")), "cancelled and resumed = 1 process");
    }

    /**
     * The run folders of one shard: the plan numbers runs cell by cell (folders 000_…, 001_…), seed
     * by seed, and shard I of N runs the runs whose number modulo N is I.
     */
    static List<Path> shardRuns(Path out, int shard, int shards) throws IOException, InterruptedException {
        Path runs = out.resolve("runs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (cells(runs).size() < RUNS / SEEDS) { // the folders appear as the shards start
            assertTrue(System.nanoTime() < deadline, "no sweep folders in 300 s");
            Thread.sleep(50);
        }
        List<Path> mine = new ArrayList<>();
        for (Path cell : cells(runs)) {
            int c = Integer.parseInt(cell.getFileName().toString().substring(0, 3));
            for (int seed = 1; seed <= SEEDS; seed++) {
                if ((c * SEEDS + seed - 1) % shards == shard) {
                    mine.add(cell.resolve("seed-" + seed));
                }
            }
        }
        return mine;
    }

    private static List<Path> cells(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(runs)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    static List<Path> finished(List<Path> runs) {
        return runs.stream().filter(r -> Files.exists(r.resolve("summary.json"))).toList();
    }

    /** Each finished run with what shows it was not run again: its status (pid, time) and summary's time. */
    static Map<Path, String> finishedRuns(Path out) throws IOException {
        Map<Path, String> runs = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out.resolve("runs"), 2)) {
            for (Path run : walk.filter(p -> Files.exists(p.resolve("summary.json"))).toList()) {
                runs.put(run, Files.readString(run.resolve("status.json"))
                        + Files.getLastModifiedTime(run.resolve("summary.json")));
            }
        }
        return runs;
    }
}
