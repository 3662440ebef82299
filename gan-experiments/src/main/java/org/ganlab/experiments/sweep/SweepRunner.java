package org.ganlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.report.SummarySink;
import org.ganlab.experiments.run.Checkpoints;
import org.ganlab.experiments.sweep.SweepPlan.PlannedRun;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.experiments.wiring.Gan;

/**
 * Runs a plan's runs (or one shard's share) on a pool of threads. A run whose folder already has
 * its {@code summary.json} is finished and skipped; any other folder left by an interrupted sweep
 * is cleared and run again, so a sweep killed at any moment loses at most the runs in flight; with
 * {@code --checkpoint-every}, a run that left a checkpoint continues from it instead.
 */
public final class SweepRunner {

    public static final String PLAN_FILE = "sweep.json";

    /** How much this invocation did. */
    public record Outcome(int planned, int skipped, int ran, int resumed) {
    }

    private SweepRunner() {
    }

    /** @param shard this process's share: runs whose index modulo {@code shards} is {@code shard} */
    public static Outcome run(Gan gan, SweepPlan plan, int shard, int shards, int threads, boolean progress)
            throws IOException {
        Files.createDirectories(plan.out());
        recordPlan(plan);
        List<PlannedRun> mine = plan.runs(gan.get(Tricks.class)).stream().filter(r -> r.index() % shards == shard).toList();
        List<PlannedRun> todo = mine.stream()
                .filter(r -> !Files.exists(r.output().runDir().resolve(SummarySink.FILE))).toList();
        int resumable = (int) todo.stream().filter(r -> resumable(r.output())).count();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ProgressBar bar = progress && !todo.isEmpty() ? bar(todo.size()) : null) {
            List<Future<?>> futures = new ArrayList<>();
            for (PlannedRun r : todo) {
                futures.add(pool.submit(() -> {
                    gan.run(r.config(), continued(r.output()));
                    if (bar != null) {
                        bar.step();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("sweep interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(mine.size(), mine.size() - todo.size(), todo.size(), resumable);
    }

    /**
     * Where the run goes, resuming where an interrupted run of it left a checkpoint (same plan, so the
     * same settings); else its folder cleared for a fresh start.
     */
    private static OutputSettings continued(OutputSettings output) throws IOException {
        if (resumable(output)) {
            OutputSettings.Builder b = output.toBuilder();
            b.resume = true;
            return b.build();
        }
        clear(output.runDir());
        return output;
    }

    private static boolean resumable(OutputSettings output) {
        return output.checkpointEvery() > 0 && Files.exists(output.runDir().resolve(Checkpoints.FILE));
    }

    private static ProgressBar bar(int total) {
        return new ProgressBarBuilder().setTaskName("runs").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /**
     * Writes {@code sweep.json}, or checks that the one already there describes the same plan: a
     * rerun or another shard may add runs, a different sweep may not share the folder.
     */
    public static void recordPlan(SweepPlan plan) throws IOException {
        Files.createDirectories(plan.out());
        Path file = plan.out().resolve(PLAN_FILE);
        // Through text, as the file is read: a tree made directly holds a long where the file gives an int.
        JsonNode wanted = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(plan.describe()));
        if (Files.exists(file)) {
            JsonNode existing = Json.MAPPER.readTree(file.toFile());
            if (!existing.equals(wanted)) {
                throw new IllegalArgumentException("--out " + plan.out() + " holds a different sweep (see its "
                        + PLAN_FILE + "); rerun that sweep's command, or choose another --out");
            }
            return;
        }
        Json.writeAtomically(file, plan.describe());
    }

    private static void clear(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the unfinished run folder " + dir, e);
        }
    }
}
