package org.ganlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ganlab.experiments.output.MetricsFile;
import org.ganlab.experiments.output.RunStatus;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * What a run records as it goes: per-step metrics, streamed to {@code metrics.csv} as they come
 * (memory does not grow with the steps; read them back with {@link #column} or thinned with
 * {@link #columns}), snapshots for strips and animations (at most {@link #MAX_SNAPSHOTS} of a kind
 * kept, evenly spread), and a progress bar once a run has taken more than two seconds. Every value
 * recorded is checked: a NaN or infinity ends the run as diverged.
 */
public final class RunLog {

    private static final long PROGRESS_AFTER_NANOS = 2_000_000_000L;
    /** Snapshots of one kind beyond this are thinned to every other one, so long runs keep a bounded film. */
    public static final int MAX_SNAPSHOTS = 256;

    private final Path dir;
    private final MetricsFile metrics;
    private final Map<String, Double> lastRow = new LinkedHashMap<>();
    private final Map<String, Film> snapshots = new LinkedHashMap<>();
    private final Map<String, Object> earlyResults = new LinkedHashMap<>();
    private final int totalSteps;
    private final boolean quiet;
    private final long startNanos = System.nanoTime();
    private long lastBeatNanos = startNanos;
    private ProgressBar progress;

    /** A picture of the state at one step, e.g. G's outputs or D's function. */
    public record Snapshot(int step, Object data) {
    }

    /** One kind's snapshots: every {@code keepEvery}-th offered is kept, and the latest always. */
    private static final class Film {
        final List<Snapshot> kept = new ArrayList<>();
        long offered;
        long keepEvery = 1;
        Snapshot latest;

        void offer(Snapshot s) {
            if (offered++ % keepEvery == 0) {
                kept.add(s);
                if (kept.size() > MAX_SNAPSHOTS) {
                    for (int i = kept.size() - 1; i > 0; i--) {
                        if (i % 2 == 1) {
                            kept.remove(i);
                        }
                    }
                    keepEvery *= 2;
                }
            }
            latest = s;
        }

        List<Snapshot> all() {
            if (latest == null || (!kept.isEmpty() && kept.get(kept.size() - 1) == latest)) {
                return kept;
            }
            List<Snapshot> all = new ArrayList<>(kept);
            all.add(latest);
            return all;
        }
    }

    /** @param dir the run folder, which receives {@code metrics.csv} */
    public RunLog(Path dir, int totalSteps, boolean quiet) {
        this.dir = dir;
        this.metrics = new MetricsFile(dir.resolve(MetricsFile.FILE));
        this.totalSteps = totalSteps;
        this.quiet = quiet;
    }

    /** Records one step's metrics (in a fixed order of names); fails the run on a non-finite value. */
    public void record(int step, Map<String, ? extends Number> values) {
        lastRow.clear();
        lastRow.put("step", (double) step);
        values.forEach((name, value) -> lastRow.put(name, value.doubleValue()));
        metrics.append(lastRow);
        values.forEach((name, value) -> {
            if (!Double.isFinite(value.doubleValue())) {
                throw new DivergedException(step, name);
            }
        });
        showProgress(step);
        heartbeat(step);
    }

    /** Every few seconds: rows on disk and status.json at this step, so a killed run's folder says how far it got. */
    private void heartbeat(int step) {
        long now = System.nanoTime();
        if (now - lastBeatNanos >= RunStatus.HEARTBEAT_NANOS) {
            lastBeatNanos = now;
            metrics.flush();
            RunStatus.write(dir, "RUNNING", step, totalSteps);
        }
    }

    /** Where the log stands, for a checkpoint: metrics.csv's length and rows, and the last row. */
    public record Position(long metricsLength, long rows, Map<String, Double> lastRow) {
    }

    public Position position() {
        return new Position(metrics.length(), metrics.rows(), new LinkedHashMap<>(lastRow));
    }

    /** Continues from a checkpoint's position: metrics.csv cut back to it and appended to. */
    public void resume(Position p) {
        metrics.resume(p.metricsLength(), p.rows());
        lastRow.clear();
        lastRow.putAll(p.lastRow());
    }

    /** Fails the run if any parameter of the module is NaN or infinite. */
    public void checkFinite(int step, String name, Module module) {
        for (Map.Entry<String, Tensor> p : module.namedParameters().entrySet()) {
            for (float v : p.getValue().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    throw new DivergedException(step, name + " parameter " + p.getKey());
                }
            }
        }
    }

    /**
     * A result known before training ends (a prediction, say): it is in the run's results even when
     * the run diverges, and the experiment's final results may repeat or replace it.
     */
    public void earlyResult(String name, Object value) {
        earlyResults.put(name, value);
    }

    public Map<String, Object> earlyResults() {
        return Collections.unmodifiableMap(earlyResults);
    }

    public void snapshot(String kind, int step, Object data) {
        snapshots.computeIfAbsent(kind, k -> new Film()).offer(new Snapshot(step, data));
    }

    /** A kind's snapshots in step order: all of them, or for a long run an even spread and the last. */
    public List<Snapshot> snapshots(String kind) {
        Film film = snapshots.get(kind);
        return film == null ? List.of() : Collections.unmodifiableList(film.all());
    }

    /** The metric names, "step" first, in the order recorded. */
    public List<String> columns() {
        return metrics.columns();
    }

    public long stepsRecorded() {
        return metrics.rows();
    }

    /** A column's values in step order (NaN where a row lacks it), read back from metrics.csv: every row. */
    public double[] column(String name) {
        return metrics.read(Integer.MAX_VALUE, name).get(name);
    }

    /** Columns read back thinned to at most about {@code maxRows} rows (every k-th, and the last), for charts. */
    public Map<String, double[]> columns(int maxRows, String... names) {
        return metrics.read(maxRows, names);
    }

    /** The last recorded value of a column, or NaN. */
    public double last(String name) {
        return lastRow.getOrDefault(name, Double.NaN);
    }

    private void showProgress(int step) {
        if (quiet) {
            return;
        }
        if (progress == null && System.nanoTime() - startNanos > PROGRESS_AFTER_NANOS) {
            progress = new ProgressBarBuilder().setTaskName("training").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
        }
        if (progress != null) {
            progress.stepTo(step);
        }
    }

    /** Ends the progress bar, if one was shown, and completes metrics.csv. */
    public void close() {
        metrics.close();
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
