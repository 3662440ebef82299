package org.ganlab.experiments.mixtures;

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
import org.ganlab.experiments.mixtures.MixtureExperiment.Frame;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The mixtures' pictures: losses, G's samples over the modes and as a film, high-quality samples per mode, coverage over time. */
final class MixtureCharts {

    private MixtureCharts() {
    }

    static List<Artifact> write(RunLog log, Path dir) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(GanExperiment.lossesChart(log, dir, "loss", "D's and G's losses."));
        List<Snapshot<Frame>> frames = log.snapshots(MixtureExperiment.FRAMES);
        if (frames.isEmpty()) {
            return artifacts;
        }
        Snapshot<Frame> last = frames.get(frames.size() - 1);
        Mixture mixture = (last.data()).mixture();
        Charts.save(samplesChart(mixture, last.step(), last.data()), dir.resolve("samples.png"));
        artifacts.add(new Artifact("samples.png", MixtureExperiment.PROBES + " samples of G at the end (dots) over the modes (crosses) "
                + "and their 3-std circles, inside which a sample counts as high quality."));
        List<BufferedImage> images = new ArrayList<>();
        for (Snapshot<Frame> s : frames) {
            images.add(Charts.image(samplesChart(mixture, s.step(), s.data())));
        }
        GifWriter.write(images, 400, dir.resolve("training.gif"));
        artifacts.add(new Artifact("training.gif", "G's samples (of the same latent vectors) at each snapshot."));
        saveModesChart((last.data()).coverage(), dir.resolve("modes.png"));
        artifacts.add(new Artifact("modes.png", "High-quality samples nearest each mode at the end: "
                + "a collapsed G leaves modes at 0; an even spread is what reverse KL 0 means."));
        artifacts.add(coverageChart(frames, dir));
        return artifacts;
    }

    private static XYChart samplesChart(Mixture mixture, int step, Frame f) {
        ModeCoverage cov = f.coverage();
        XYChart chart = Charts.chart(String.format("step %,d: %d of %d modes covered, %.1f %% high quality", step,
                cov.modesCovered(), cov.modes(), 100 * cov.highQualityFraction()), "x", "y", 600, 600);
        double extent = 1.4 * extent(mixture);
        chart.getStyler().setXAxisMin(-extent).setXAxisMax(extent).setYAxisMin(-extent).setYAxisMax(extent);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAntiAlias(false);
        int n = f.xy().length / 2;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = clamp(f.xy()[2 * i], extent);
            ys[i] = clamp(f.xy()[2 * i + 1], extent);
        }
        XYSeries samples = chart.addSeries("G's samples", xs, ys);
        samples.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        samples.setMarker(SeriesMarkers.CIRCLE);
        samples.setMarkerColor(new Color(31, 119, 180, 90));
        chart.getStyler().setMarkerSize(3);
        for (int m = 0; m < mixture.size(); m++) {
            float[] c = mixture.modes()[m];
            int points = 25;
            double[] cx = new double[points];
            double[] cy = new double[points];
            for (int p = 0; p < points; p++) {
                double a = 2 * Math.PI * p / (points - 1);
                cx[p] = c[0] + 3 * mixture.std() * Math.cos(a);
                cy[p] = c[1] + 3 * mixture.std() * Math.sin(a);
            }
            XYSeries circle = chart.addSeries("mode " + m, cx, cy);
            circle.setMarker(SeriesMarkers.NONE);
            circle.setLineColor(new Color(214, 39, 40));
            circle.setLineStyle(new BasicStroke(1.5f));
            XYSeries centre = chart.addSeries("centre " + m, new double[] {c[0]}, new double[] {c[1]});
            centre.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            centre.setMarker(SeriesMarkers.CROSS);
            centre.setMarkerColor(new Color(214, 39, 40));
        }
        return chart;
    }

    private static double extent(Mixture mixture) {
        double e = 0;
        for (float[] c : mixture.modes()) {
            e = Math.max(e, Math.max(Math.abs(c[0]), Math.abs(c[1])));
        }
        return Math.max(e, 1);
    }

    /** Samples far outside the picture are drawn on its edge, so a diverging G still shows. */
    private static double clamp(float v, double extent) {
        return Float.isNaN(v) ? 0 : Math.max(-extent, Math.min(extent, v));
    }

    private static void saveModesChart(ModeCoverage cov, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(String.format("%d of %d modes covered, reverse KL %.3f", cov.modesCovered(), cov.modes(),
                        cov.reverseKl()))
                .xAxisTitle("mode").yAxisTitle("high-quality samples").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Integer> modes = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int m = 0; m < cov.modes(); m++) {
            modes.add(m);
            counts.add(cov.perMode()[m]);
        }
        chart.addSeries("samples", modes, counts);
        Charts.save(chart, file);
    }

    private static Artifact coverageChart(List<Snapshot<Frame>> frames, Path dir) throws IOException {
        XYChart chart = Charts.chart("Modes covered at each snapshot", "step", "modes covered");
        double[] steps = new double[frames.size()];
        double[] covered = new double[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            steps[i] = frames.get(i).step();
            covered[i] = frames.get(i).data().coverage().modesCovered();
        }
        XYSeries s = chart.addSeries("modes covered", steps, covered);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (steps.length > 0) {
            Charts.stepAxis(chart, steps, covered[0]);
            Charts.valueAxis(chart, steps[0], 0, frames.get(0).data().coverage().modes());
        }
        chart.getStyler().setMarkerSize(5);
        Charts.save(chart, dir.resolve("coverage.png"));
        return new Artifact("coverage.png", "Modes covered by G's probe samples at each snapshot.");
    }
}
