package org.ganlab.experiments.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.io.Columns;
import org.ganlab.experiments.io.MetricsFile;

/**
 * What a run records as it goes: per-step metrics, streamed to {@code metrics.csv} as they come
 * (memory does not grow with the steps; read them back with {@link #column} or thinned with
 * {@link #columns}), results known early, and its {@link Snapshots}. {@link TrainingLoop} checks each
 * recorded step for divergence and tells its {@link Progress}.
 */
public final class RunLog implements Columns {

    private final MetricsFile metrics;
    private final Map<String, Double> lastRow = new LinkedHashMap<>();
    private final Map<String, Object> earlyResults = new LinkedHashMap<>();
    private final Snapshots snapshots = new Snapshots();
    private final Progress progress;
    private String stepCapture;

    /** @param dir the run folder, which receives {@code metrics.csv} */
    public RunLog(Path dir, int totalSteps, boolean quiet) {
        this.metrics = new MetricsFile(dir.resolve(MetricsFile.FILE));
        this.progress = new Progress(dir, totalSteps, quiet, metrics::flush);
    }

    /** Records one step's metrics (in a fixed order of names). */
    public void record(int step, Map<String, ? extends Number> values) {
        lastRow.clear();
        lastRow.put("step", (double) step);
        values.forEach((name, value) -> lastRow.put(name, value.doubleValue()));
        metrics.append(lastRow);
    }

    Progress progress() {
        return progress;
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

    /**
     * A result known before training ends (a prediction, say): it is in the run's results even when
     * the run diverges, and the experiment's final results may repeat or replace it.
     */
    public void earlyResult(String name, Object value) {
        earlyResults.put(name, value);
    }

    /** How the training step ran (captured and replayed, or eager and why), for status.json. */
    public void stepCapture(String how) {
        stepCapture = how;
    }

    /** How the training step ran, or null where the experiment has no GAN step. */
    public String stepCapture() {
        return stepCapture;
    }

    public Map<String, Object> earlyResults() {
        return Collections.unmodifiableMap(earlyResults);
    }

    /** Records a snapshot of this kind at a step. */
    public <T> void snapshot(Snapshot.Kind<T> kind, int step, T data) {
        snapshots.take(kind, step, data);
    }

    /** A kind's snapshots in step order: all of them, or for a long run an even spread and the last. */
    public <T> List<Snapshot<T>> snapshots(Snapshot.Kind<T> kind) {
        return snapshots.of(kind);
    }

    /** Every kind's snapshots, which a checkpoint saves and a resumed run restores. */
    Snapshots films() {
        return snapshots;
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
    @Override
    public Map<String, double[]> columns(int maxRows, String... names) {
        return metrics.read(maxRows, names);
    }

    /** The last recorded value of a column, or NaN. */
    public double last(String name) {
        return lastRow.getOrDefault(name, Double.NaN);
    }

    /** Ends the progress bar, if one was shown, and completes metrics.csv. */
    public void close() {
        metrics.close();
        progress.close();
    }
}
