package org.ganlab.experiments.seeds;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.io.GifWriter;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The single point's pictures: losses, G's parameters, and D's function with G's line over training. */
final class SinglePointCharts {

    private SinglePointCharts() {
    }

    static List<Artifact> write(RunLog log, Path dir) throws IOException {
        List<Snapshot<SinglePointExperiment.Frame>> snapshots = log.snapshots(SinglePointExperiment.FRAMES);
        double[] range = range(snapshots);
        List<BufferedImage> frames = new ArrayList<>();
        for (Snapshot<SinglePointExperiment.Frame> s : snapshots) {
            frames.add(Charts.image(frameChart(s.step(), s.data(), range)));
        }
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(GanExperiment.lossesChart(log, dir, "BCE", "D's loss (real + fake) and G's loss."));
        artifacts.add(Charts.metrics(log, dir, "params.png", "G's parameters", "value",
                "G = w·x + b: success is w → 0 and b → 1 (every input mapped to the point 1).", "w", "b"));
        if (!frames.isEmpty()) {
            GifWriter.write(frames, 100, dir.resolve("training.gif"));
            artifacts.add(new Artifact("training.gif", "Training, one frame per snapshot: D(x), D's probability that x is "
                    + "real, and G's line G(x) = w·x + b over its inputs x in [−1, 1]; the real data is the point 1 "
                    + "(dashed). G succeeds when its line lies flat on 1."));
        }
        return artifacts;
    }

    /** One y range for every frame, so the film does not jump: D's [0, 1], the point 1 and G's line at x = ±1 throughout. */
    static double[] range(List<Snapshot<SinglePointExperiment.Frame>> frames) {
        double low = -0.1;
        double high = 1.5;
        for (Snapshot<SinglePointExperiment.Frame> s : frames) {
            for (float x : new float[] {-1f, 1f}) {
                double y = s.data().w() * x + s.data().b();
                if (Double.isFinite(y)) {
                    low = Math.min(low, y);
                    high = Math.max(high, y);
                }
            }
        }
        double margin = 0.05 * (high - low);
        return new double[] {low - margin, high + margin};
    }

    /** {@code G(x) = 0.012 x + 0.998}, or {@code − 0.604} for a negative b. */
    static String title(int step, SinglePointExperiment.Frame f) {
        return String.format(java.util.Locale.ROOT, "step %d:  G(x) = %.3f x %s %.3f", step, f.w(), f.b() < 0 ? "−" : "+",
                Math.abs(f.b()));
    }

    static XYChart frameChart(int step, SinglePointExperiment.Frame f, double[] range) {
        XYChart chart = Charts.chart(title(step, f), "x", "output");
        chart.getStyler().setXAxisMin(-1.5).setXAxisMax(3.0).setYAxisMin(range[0]).setYAxisMax(range[1]);
        chart.getStyler().setAntiAlias(false);
        XYSeries dSeries = chart.addSeries("D(x)", toDouble(SinglePointExperiment.D_GRID), toDouble(f.d()));
        dSeries.setMarker(SeriesMarkers.NONE);
        dSeries.setLineColor(new Color(31, 119, 180));
        dSeries.setLineStyle(new BasicStroke(2f));
        float[] gLine = new float[SinglePointExperiment.G_GRID.length];
        for (int i = 0; i < gLine.length; i++) {
            gLine[i] = f.w() * SinglePointExperiment.G_GRID[i] + f.b();
        }
        XYSeries gSeries = chart.addSeries("G(x), x in [-1, 1]", toDouble(SinglePointExperiment.G_GRID), toDouble(gLine));
        gSeries.setMarker(SeriesMarkers.NONE);
        gSeries.setLineColor(new Color(214, 39, 40));
        gSeries.setLineStyle(new BasicStroke(2f));
        XYSeries target = chart.addSeries("real data: 1", new double[] {1, 1}, range);
        target.setMarker(SeriesMarkers.NONE);
        target.setLineColor(Color.GRAY);
        target.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        return chart;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
