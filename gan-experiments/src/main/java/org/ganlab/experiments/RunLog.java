package org.ganlab.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * What a run records as it goes: per-step metrics, snapshots for strips and animations, and a
 * progress bar once a run has taken more than two seconds. Every value recorded is checked: a
 * NaN or infinity ends the run as diverged.
 */
public final class RunLog {

    private static final long PROGRESS_AFTER_NANOS = 2_000_000_000L;

    private final Set<String> columns = new LinkedHashSet<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();
    private final Map<String, List<Snapshot>> snapshots = new LinkedHashMap<>();
    private final Map<String, Object> earlyResults = new LinkedHashMap<>();
    private final int totalSteps;
    private final boolean quiet;
    private final long startNanos = System.nanoTime();
    private ProgressBar progress;

    /** A picture of the state at one step, e.g. G's outputs or D's function. */
    public record Snapshot(int step, Object data) {
    }

    public RunLog(int totalSteps, boolean quiet) {
        this.totalSteps = totalSteps;
        this.quiet = quiet;
    }

    /** Records one step's metrics (in a fixed order of names); fails the run on a non-finite value. */
    public void record(int step, Map<String, ? extends Number> metrics) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("step", (double) step);
        metrics.forEach((name, value) -> {
            double v = value.doubleValue();
            row.put(name, v);
        });
        columns.addAll(row.keySet());
        rows.add(row);
        metrics.forEach((name, value) -> {
            if (!Double.isFinite(value.doubleValue())) {
                throw new DivergedException(step, name);
            }
        });
        showProgress(step);
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
        snapshots.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Snapshot(step, data));
    }

    public List<Snapshot> snapshots(String kind) {
        return Collections.unmodifiableList(snapshots.getOrDefault(kind, List.of()));
    }

    public List<String> columns() {
        return List.copyOf(columns);
    }

    public List<Map<String, Double>> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** A column's values in step order (NaN where a row lacks it). */
    public double[] column(String name) {
        return rows.stream().mapToDouble(r -> r.getOrDefault(name, Double.NaN)).toArray();
    }

    /** The last recorded value of a column, or NaN. */
    public double last(String name) {
        return rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).getOrDefault(name, Double.NaN);
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

    /** Ends the progress bar, if one was shown. */
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
