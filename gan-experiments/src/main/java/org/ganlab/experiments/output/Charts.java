package org.ganlab.experiments.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.ganlab.experiments.RunLog;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts of recorded metrics against the step, in one house style. */
public final class Charts {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 450;
    /** Beyond this many points a series is thinned (every k-th step) so charts stay light. */
    private static final int MAX_POINTS = 2000;

    private Charts() {
    }

    public static XYChart chart(String title, String xLabel, String yLabel) {
        return chart(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    public static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /** Metrics {@code columns} of the log against the step, saved as {@code dir/file}. */
    public static Artifact metrics(RunLog log, Path dir, String file, String title, String yLabel, String caption,
            String... columns) throws IOException {
        XYChart chart = chart(title, "step", yLabel);
        double[] steps = log.column("step");
        if (steps.length > 0) {
            // Axis from 0 to the last step: XChart then puts its ticks on round numbers.
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(steps[steps.length - 1]);
            chart.getStyler().setXAxisDecimalPattern("#,##0");
        }
        int stride = Math.max(1, steps.length / MAX_POINTS);
        for (String column : columns) {
            double[] values = log.column(column);
            int n = (steps.length + stride - 1) / stride;
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0, j = 0; j < n; i += stride, j++) {
                xs[j] = steps[i];
                ys[j] = values[i];
            }
            if (n > 0) {
                XYSeries s = chart.addSeries(column, xs, ys);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(new BasicStroke(1.2f));
            }
        }
        save(chart, dir.resolve(file));
        return new Artifact(file, caption);
    }

    /** Any chart (line, category, ...) as a PNG at {@code file}. */
    public static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, stripExtension(file.toString()), BitmapEncoder.BitmapFormat.PNG);
    }

    public static BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static String stripExtension(String path) {
        return path.endsWith(".png") ? path.substring(0, path.length() - 4) : path;
    }
}
