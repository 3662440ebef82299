package org.ganlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.ganlab.experiments.io.AtomicFile;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.io.RunStatus;
import org.ganlab.experiments.report.SummarySink;
import org.ganlab.experiments.run.ReportedMetric;
import org.ganlab.experiments.run.Results;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.tricks.Tricks;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Success rates per cell with Wilson 95 % intervals and medians of the final results, read from the
 * run folders of one or more sweep folders (shards) and written as {@code sweep.csv},
 * {@code sweep.md} and {@code sweep.png}. Everything is computed from the files, so a resumed,
 * sharded or merged sweep reports exactly what a single uninterrupted one does.
 */
public final class SweepReport {

    public static final double CONFIDENCE = 0.95;

    /**
     * One cell's tally.
     *
     * @param medians of every numeric result, over the runs that have a finite value
     * @param summaries of every numeric result over the same runs: mean, standard error, 95 % t interval
     * @param unfinished the seeds of the cell's runs that started but have no summary: interrupted or still running
     * @param missing the seeds of the cell's planned runs not found at all in the folders read
     */
    public record CellStats(Cell cell, int runs, int successes, int diverged, double rate, double low, double high,
            Map<String, Double> medians, Map<String, MetricSummary> summaries, List<Long> unfinished, List<Long> missing) {
    }

    private SweepReport() {
    }

    public static List<CellStats> aggregate(SweepPlan plan, List<Path> sweepDirs, Tricks tricks) throws IOException {
        List<CellStats> stats = new ArrayList<>();
        for (Cell cell : plan.cells(tricks)) {
            int runs = 0;
            int successes = 0;
            int diverged = 0;
            Map<String, List<Double>> values = new LinkedHashMap<>();
            List<Long> unfinished = new ArrayList<>();
            List<Long> missing = new ArrayList<>();
            for (int r = 0; r < plan.seeds(); r++) {
                JsonNode summary = find(plan, sweepDirs, cell, r);
                if (summary == null) {
                    (started(plan, sweepDirs, cell, r) ? unfinished : missing).add(plan.baseSeed() + r);
                    continue;
                }
                runs++;
                @SuppressWarnings("unchecked")
                Map<String, Object> results = Json.MAPPER.convertValue(summary.get("results"), Map.class);
                if (!summary.get("status").asText().equals("COMPLETED")) {
                    diverged++; // a diverged run is no success; what results it has (a prediction, say) count below
                } else if (SuccessCriterion.evaluate(plan.experiment().success(), results, plan.thresholds()).orElse(false)) {
                    successes++;
                }
                Results.flatten(results).forEach((k, v) -> {
                    if (Double.isFinite(v)) { // a median of the runs that have a value
                        values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                    }
                });
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            Map<String, MetricSummary> summaries = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
                medians.put(k, new Median().evaluate(a));
                ReportedMetric range = reported(plan, k);
                summaries.put(k, range == null ? MetricSummary.of(a, CONFIDENCE)
                        : MetricSummary.of(a, CONFIDENCE, range.min(), range.max()));
            });
            double low = Double.NaN;
            double high = Double.NaN;
            if (runs > 0) {
                ConfidenceInterval ci = new WilsonScoreInterval().createInterval(runs, successes, CONFIDENCE);
                low = ci.getLowerBound();
                high = ci.getUpperBound();
            }
            stats.add(new CellStats(cell, runs, successes, diverged, runs > 0 ? (double) successes / runs : Double.NaN,
                    low, high, medians, summaries, List.copyOf(unfinished), List.copyOf(missing)));
        }
        return stats;
    }

    private static JsonNode find(SweepPlan plan, List<Path> sweepDirs, Cell cell, int replicate) throws IOException {
        for (Path dir : sweepDirs) {
            Path rel = plan.out().relativize(plan.runDir(cell, replicate));
            Path summary = dir.resolve(rel).resolve(SummarySink.FILE);
            if (Files.exists(summary)) {
                return Json.MAPPER.readTree(summary.toFile());
            }
        }
        return null;
    }

    /** Whether the run left a status file (it started) in one of the folders. */
    private static boolean started(SweepPlan plan, List<Path> sweepDirs, Cell cell, int replicate) {
        Path rel = plan.out().relativize(plan.runDir(cell, replicate));
        return sweepDirs.stream().anyMatch(dir -> RunStatus.read(dir.resolve(rel)).isPresent());
    }

    public static void write(SweepPlan plan, List<CellStats> stats, Path out) throws IOException {
        Files.createDirectories(out);
        List<String> keys = plan.axes().stream().map(Axis::key).toList();
        Set<String> metrics = new LinkedHashSet<>();
        stats.forEach(s -> metrics.addAll(s.medians().keySet()));
        // Atomically: shards sharing a folder each write the report when they end.
        AtomicFile.write(out.resolve("sweep.csv"), stream -> {
            Writer w = new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(List.of("cell"));
            header.addAll(keys);
            header.addAll(List.of("runs", "successes", "diverged", "success_rate", "ci_low", "ci_high"));
            metrics.forEach(m -> header.add("median_" + m));
            metrics.forEach(m -> header.addAll(List.of("mean_" + m, "se_" + m, "ci_low_" + m, "ci_high_" + m)));
            w.write(String.join(",", header) + "\n");
            for (CellStats s : stats) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(s.cell().index())));
                keys.forEach(k -> row.add(csv(s.cell().value(k))));
                row.addAll(List.of(Integer.toString(s.runs()), Integer.toString(s.successes()),
                        Integer.toString(s.diverged()), fixed(s.rate()), fixed(s.low()), fixed(s.high())));
                metrics.forEach(m -> row.add(general(s.medians().getOrDefault(m, Double.NaN))));
                metrics.forEach(m -> {
                    MetricSummary ms = s.summaries().getOrDefault(m, MetricSummary.of(new double[0], CONFIDENCE));
                    row.addAll(List.of(general(ms.mean()), general(ms.standardError()), general(ms.low()), general(ms.high())));
                });
                w.write(String.join(",", row) + "\n");
            }
            w.flush();
        });
        List<String> reported = plan.experiment().reportedMetrics().stream().map(ReportedMetric::name).toList();
        String md = markdown(plan, stats, keys, metrics, reported);
        AtomicFile.write(out.resolve("sweep.md"), stream -> stream.write(md.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        chart(plan, stats, out.resolve("sweep.png"));
        for (String metric : reported) {
            metricChart(plan, stats, metric, out.resolve("sweep-" + metric + ".png"));
        }
    }

    static String markdown(SweepPlan plan, List<CellStats> stats, List<String> keys, Set<String> metrics,
            List<String> reported) {
        StringBuilder md = new StringBuilder();
        md.append("Sweep of `").append(plan.experiment().name()).append("`: ").append(plan.seeds())
                .append(" seeds per cell (").append(plan.baseSeed()).append("..").append(plan.baseSeed() + plan.seeds() - 1)
                .append("), ").append(success(plan)).append(", 95 % Wilson intervals")
                .append(reported.isEmpty() ? "" : "; metrics as mean ± standard error (95 % t interval) over the runs")
                .append(clipped(plan)).append(".\n\n");
        // A result the same in every cell (an experiment's own setting echoed back) says nothing per cell.
        Set<String> constant = new java.util.TreeSet<>();
        for (String m : metrics) {
            java.util.Set<Double> seen = new java.util.HashSet<>();
            stats.forEach(s -> seen.add(s.medians().getOrDefault(m, Double.NaN)));
            if (stats.size() > 1 && seen.size() == 1 && Double.isFinite(seen.iterator().next())) {
                constant.add(m);
            }
        }
        Set<String> varying = new java.util.LinkedHashSet<>(metrics);
        varying.removeAll(constant);
        String incomplete = incomplete(plan, stats);
        if (!incomplete.isEmpty()) {
            md.append("**").append(incomplete).append("**\n\n");
        }
        md.append('|');
        keys.forEach(k -> md.append(' ').append(k).append(" |"));
        md.append(" runs | successes | diverged | success rate | 95 % interval |");
        reported.forEach(m -> md.append(' ').append(m).append(" |"));
        varying.forEach(m -> md.append(" median ").append(m).append(" |"));
        md.append("\n|");
        md.append("---|".repeat(keys.size() + 5 + reported.size() + varying.size())).append('\n');
        for (CellStats s : stats) {
            md.append('|');
            keys.forEach(k -> md.append(' ').append(s.cell().value(k)).append(" |"));
            md.append(String.format(Locale.ROOT, " %d | %d | %d | %s | %s–%s |", s.runs(), s.successes(), s.diverged(),
                    percent(s.rate()), percent(s.low()), percent(s.high())));
            reported.forEach(m -> md.append(' ').append(meanAndInterval(s.summaries().get(m))).append(" |"));
            varying.forEach(m -> md.append(' ').append(general(s.medians().getOrDefault(m, Double.NaN))).append(" |"));
            md.append('\n');
        }
        if (!constant.isEmpty()) {
            md.append("\nThe same in every cell (medians): ").append(String.join(", ", constant.stream()
                    .map(m -> m + " " + general(stats.get(0).medians().get(m))).toList())).append(".\n");
        }
        return md.toString();
    }

    /** The experiment's success: its thresholds, or what it asks where it has none. */
    static String success(SweepPlan plan) {
        List<SuccessCriterion> criteria = plan.experiment().success();
        if (criteria.isEmpty()) {
            return "no success defined";
        }
        return plan.thresholds().isEmpty()
                ? "success: " + String.join(" and ", criteria.stream().map(SuccessCriterion::name).toList())
                : "success thresholds " + new java.util.TreeMap<>(plan.thresholds());
    }

    /** Says which metrics' intervals are clipped to their range, if any. */
    static String clipped(SweepPlan plan) {
        List<String> bounded = plan.experiment().reportedMetrics().stream().filter(ReportedMetric::bounded)
                .map(m -> m.name() + " " + m.range()).toList();
        return bounded.isEmpty() ? "" : " (intervals clipped to each metric's range: " + String.join(", ", bounded) + ")";
    }

    private static ReportedMetric reported(SweepPlan plan, String name) {
        return plan.experiment().reportedMetrics().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * "Incomplete: N of M planned runs found; missing ..." naming each cell's missing seeds, or empty
     * when every planned run has a summary (one shard read alone, a sweep still running or killed).
     */
    public static String incomplete(SweepPlan plan, List<CellStats> stats) {
        int planned = stats.size() * plan.seeds();
        int found = stats.stream().mapToInt(CellStats::runs).sum();
        if (found == planned) {
            return "";
        }
        StringBuilder b = new StringBuilder("Incomplete: " + found + " of " + planned + " planned runs found");
        b.append(listed(stats, CellStats::unfinished, "unfinished (interrupted or still running; rerunning the sweep "
                + "command finishes them)"));
        b.append(listed(stats, CellStats::missing, "not found (other shards, or not started yet)"));
        return b.toString();
    }

    private static String listed(List<CellStats> stats, java.util.function.Function<CellStats, List<Long>> seeds,
            String what) {
        List<String> cells = new ArrayList<>();
        int count = 0;
        for (CellStats s : stats) {
            if (!seeds.apply(s).isEmpty()) {
                cells.add(s.cell().label() + " seeds " + ranges(seeds.apply(s)));
                count += seeds.apply(s).size();
            }
        }
        if (cells.isEmpty()) {
            return "";
        }
        String shown = cells.size() <= 5 ? String.join("; ", cells)
                : String.join("; ", cells.subList(0, 5)) + "; and " + (cells.size() - 5) + " more cells";
        return "; " + count + " " + what + ": " + shown;
    }

    /** 1, 2, 3, 5 → "1–3, 5". */
    private static String ranges(List<Long> seeds) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < seeds.size(); ) {
            int j = i;
            while (j + 1 < seeds.size() && seeds.get(j + 1) == seeds.get(j) + 1) {
                j++;
            }
            b.append(b.length() > 0 ? ", " : "").append(seeds.get(i)).append(j > i ? "–" + seeds.get(j) : "");
            i = j + 1;
        }
        return b.toString();
    }

    /**
     * Success rate per cell with its interval. The Wilson interval is not symmetric about the rate,
     * so it is drawn as an error bar about its own midpoint (no marker) under the rate's marker.
     */
    static void chart(SweepPlan plan, List<CellStats> stats, Path file) throws IOException {
        CategoryChart chart = cellChart(stats,
                "Success rate per cell, " + plan.experiment().name() + " (95 % Wilson interval)", "success rate");
        var styler = chart.getStyler();
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setOverlapped(true);
        List<String> labels = new ArrayList<>();
        List<Double> mids = new ArrayList<>();
        List<Double> halfWidths = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (CellStats s : stats) {
            labels.add(s.cell().label() + " (" + s.successes() + "/" + s.runs() + ")");
            boolean empty = s.runs() == 0;
            mids.add(empty ? 0 : (s.low() + s.high()) / 2);
            halfWidths.add(empty ? 0 : (s.high() - s.low()) / 2);
            rates.add(empty ? 0 : s.rate());
        }
        CategorySeries interval = chart.addSeries("95 % interval", labels, mids, halfWidths);
        interval.setMarker(SeriesMarkers.NONE);
        CategorySeries rate = chart.addSeries("success rate", labels, rates);
        rate.setMarker(SeriesMarkers.CIRCLE);
        rate.setMarkerColor(new Color(31, 119, 180));
        Charts.save(chart, file);
    }

    /** One point per cell, labelled under the axis, with error bars: the house style of both sweep charts. */
    private static CategoryChart cellChart(List<CellStats> stats, String title, String yTitle) {
        int longest = stats.stream().mapToInt(s -> s.cell().label().length()).max().orElse(10);
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(Charts.WIDTH, 120 + 70 * stats.size()))
                .height(Charts.HEIGHT + 6 * longest).title(title).yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendVisible(false);
        styler.setXAxisLabelRotation(75);
        styler.setErrorBarsColor(new Color(110, 110, 110));
        styler.setMarkerSize(10);
        return chart;
    }

    /** {@code 6.3 ± 0.5 (5.2–7.4)}; a single run shows its value; none shows –. */
    static String meanAndInterval(MetricSummary m) {
        if (m == null || m.n() == 0) {
            return "–";
        }
        if (m.n() == 1) {
            return short3(m.mean());
        }
        return short3(m.mean()) + " ± " + short3(m.standardError()) + " (" + short3(m.low()) + "–" + short3(m.high()) + ")";
    }

    private static String short3(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A reported metric per cell: the mean's marker over its 95 % t interval. */
    static void metricChart(SweepPlan plan, List<CellStats> stats, String metric, Path file) throws IOException {
        CategoryChart chart = cellChart(stats,
                metric + " per cell, " + plan.experiment().name() + " (mean, 95 % t interval)", metric);
        List<String> labels = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> halfWidths = new ArrayList<>();
        for (CellStats s : stats) {
            MetricSummary m = s.summaries().get(metric);
            labels.add(s.cell().label() + " (n=" + (m == null ? 0 : m.n()) + ")");
            means.add(m == null || Double.isNaN(m.mean()) ? 0 : m.mean());
            halfWidths.add(m == null || Double.isNaN(m.high()) ? 0 : (m.high() - m.low()) / 2);
        }
        CategorySeries series = chart.addSeries(metric, labels, means, halfWidths);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(new Color(31, 119, 180));
        Charts.save(chart, file);
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String general(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }
}
