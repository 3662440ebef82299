package org.ganlab.experiments.dirac;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The Dirac-GAN's pictures: the trajectory over the gradient field (as the paper's figure 1), and the radius. */
final class DiracCharts {

    private static final Color ARROW = new Color(150, 150, 150);
    private static final Color PATH = new Color(214, 39, 40);

    private DiracCharts() {
    }

    static List<Artifact> write(RunLog log, Path dir) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        List<Snapshot<DiracExperiment.FieldSnapshot>> fields = log.snapshots(DiracExperiment.FIELD);
        DiracExperiment.FieldSnapshot f = fields.isEmpty() ? null : fields.get(0).data();
        if (f != null) {
            Charts.save(trajectory(log, f), dir.resolve("trajectory.png"));
            artifacts.add(new Artifact("trajectory.png", "The training's path in the (θ, ψ) plane from its start (circle) "
                    + "over the gradient field −(∇_θ L_G, ∇_ψ L_D) (arrows, length by the square root of the speed); "
                    + "the equilibrium is (0, 0)."));
        }
        Charts.save(radius(log, f == null ? null : f.prediction()), dir.resolve("radius.png"));
        artifacts.add(new Artifact("radius.png", "The distance √(θ² + ψ²) to the equilibrium after each step, log scale, "
                + "and (dashed, where the theory predicts one) the theory's linearised step iterated from the run's "
                + "position where the distance first fell below 0.1, else from the first step."));
        return artifacts;
    }

    private static XYChart trajectory(RunLog log, DiracExperiment.FieldSnapshot f) {
        XYChart chart = Charts.chart("Training path over the gradient field", "θ (G)", "ψ (D)", 700, 700);
        chart.getStyler().setXAxisMin(-f.extent()).setXAxisMax(f.extent()).setYAxisMin(-f.extent()).setYAxisMax(f.extent());
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        double maxSpeed = 1e-12;
        for (double[][] row : f.grid()) {
            for (double[] p : row) {
                maxSpeed = Math.max(maxSpeed, Math.hypot(p[2], p[3]));
            }
        }
        double cell = 2 * f.extent() / (f.grid().length - 1);
        List<Double> headsX = new ArrayList<>();
        List<Double> headsY = new ArrayList<>();
        int k = 0;
        for (double[][] row : f.grid()) {
            for (double[] p : row) {
                double speed = Math.hypot(p[2], p[3]);
                if (!(speed > 0) || !Double.isFinite(speed)) {
                    continue;
                }
                double length = 0.8 * cell * Math.sqrt(speed / maxSpeed);
                double x1 = p[0] + length * p[2] / speed;
                double y1 = p[1] + length * p[3] / speed;
                XYSeries arrow = chart.addSeries("arrow " + k++, new double[] {p[0], x1}, new double[] {p[1], y1});
                arrow.setMarker(SeriesMarkers.NONE);
                arrow.setLineColor(ARROW);
                arrow.setLineStyle(new BasicStroke(1f));
                arrow.setShowInLegend(false);
                headsX.add(x1);
                headsY.add(y1);
            }
        }
        if (!headsX.isEmpty()) {
            XYSeries heads = chart.addSeries("field direction (dots at the arrow heads)", headsX, headsY);
            heads.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
            heads.setMarker(SeriesMarkers.CIRCLE);
            heads.setMarkerColor(ARROW);
        }
        double[] theta = withStart(f.theta0(), log.column("theta"));
        double[] psi = withStart(f.psi0(), log.column("psi"));
        XYSeries path = chart.addSeries("training", theta, psi);
        path.setMarker(SeriesMarkers.NONE);
        path.setLineColor(PATH);
        path.setLineStyle(new BasicStroke(1.5f));
        XYSeries start = chart.addSeries("start", new double[] {f.theta0()}, new double[] {f.psi0()});
        start.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        start.setMarker(SeriesMarkers.CIRCLE);
        start.setMarkerColor(PATH);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static double[] withStart(double start, double[] values) {
        double[] all = new double[values.length + 1];
        all[0] = start;
        System.arraycopy(values, 0, all, 1, values.length);
        return all;
    }

    private static XYChart radius(RunLog log, DiracTheory.Prediction prediction) {
        XYChart chart = Charts.chart("Distance to the equilibrium", "step", "√(θ² + ψ²)");
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        double[] steps = log.column("step");
        double[] radius = log.column("radius").clone();
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (int i = 0; i < radius.length; i++) {
            radius[i] = Math.max(radius[i], 1e-30); // a log axis has no 0
            low = Math.min(low, radius[i]);
            high = Math.max(high, radius[i]);
        }
        if (high > 10 * low) { // a log axis with decade ticks; within one decade it would show one or two ticks
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setyAxisTickLabelsFormattingFunction(null); // XChart's own decade ticks
        } else { // the run's own range: a theory line leaving it is cut off at the edge
            double margin = 0.1 * (high - low) + 1e-9;
            chart.getStyler().setYAxisMin(Math.max(0, low - margin)).setYAxisMax(high + margin);
        }
        if (steps.length == 0) {
            return chart;
        }
        XYSeries s = chart.addSeries("training", steps, radius);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(PATH);
        s.setLineStyle(new BasicStroke(1.5f));
        if (prediction != null && prediction.update() != null) {
            linearised(chart, prediction, log, steps);
        }
        Charts.stepAxis(chart, steps, radius[0]);
        return chart;
    }

    /** The linearised step from where the run is first within 0.1 of (0, 0) (where linearity holds), else from step 1. */
    private static void linearised(XYChart chart, DiracTheory.Prediction p, RunLog log, double[] steps) {
        double[] theta = log.column("theta");
        double[] psi = log.column("psi");
        int from = 0;
        while (from < steps.length - 1 && Math.hypot(theta[from], psi[from]) >= Agreement.HIGH) {
            from++;
        }
        if (from == steps.length - 1) {
            from = 0;
        }
        int n = steps.length - from;
        double[] at = java.util.Arrays.copyOfRange(steps, from, steps.length);
        double[] r = new double[n];
        r[0] = Math.hypot(theta[from], psi[from]);
        System.arraycopy(p.radii(theta[from], psi[from], n - 1), 0, r, 1, n - 1);
        for (int i = 0; i < n; i++) {
            r[i] = Math.min(Math.max(r[i], 1e-30), 1e30);
        }
        XYSeries series = chart.addSeries(String.format(java.util.Locale.ROOT, "theory: linearised step from step %d "
                + "(ρ = %.4f)", (int) at[0], p.rho()), at, r);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(Color.DARK_GRAY);
        series.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
}
