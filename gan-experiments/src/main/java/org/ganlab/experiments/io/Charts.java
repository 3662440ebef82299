package org.ganlab.experiments.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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
    /** Beyond this many points a series is thinned (every k-th step, and the last) so charts stay light. */
    private static final int MAX_POINTS = 2000;

    private Charts() {
    }

    public static XYChart chart(String title, String xLabel, String yLabel) {
        return chart(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    public static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        // Below the plot, where it covers no curve.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Charts::number);
        return chart;
    }

    /**
     * A tick value as plain digits with a leading zero and no trailing ones ("0.08", "0.2", "1",
     * "1500"), so one axis never mixes ".08" with "0.2". Log axes must not use it: a formatting
     * function replaces XChart's logarithmic ticks.
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String plain = java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    /**
     * Makes a chart's x axis a step axis from 0 with ticks on round numbers. XChart 3.8 puts ticks on
     * data points when the (sorted) x values are all equally spaced, as recorded steps are: ticks at
     * 118, 236, ... A hidden point halfway between the first two steps breaks the spacing, so its
     * round-number ticks apply.
     */
    public static void stepAxis(XYChart chart, double[] steps, double firstY) {
        chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("#,##0");
        if (steps.length >= 2) {
            XYSeries anchor = chart.addSeries(" ", new double[] {(steps[0] + steps[1]) / 2}, new double[] {firstY});
            anchor.setMarker(SeriesMarkers.NONE);
            anchor.setShowInLegend(false);
        }
    }

    /**
     * Makes a chart's y axis run over [low, high] with ticks on round numbers. As on the step axis,
     * XChart puts ticks only on the data's values when they are equally spaced (a coverage that is 0
     * and then 8 gets the ticks 0 and 8 alone); a hidden point a third of the way up breaks the spacing.
     */
    public static void valueAxis(XYChart chart, double x, double low, double high) {
        chart.getStyler().setYAxisMin(low).setYAxisMax(high);
        XYSeries anchor = chart.addSeries("  ", new double[] {x}, new double[] {low + (high - low) / 3});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setShowInLegend(false);
    }

    /** Metrics {@code columns} of the log against the step, saved as {@code dir/file}. */
    public static Artifact metrics(Columns log, Path dir, String file, String title, String yLabel, String caption,
            String... columns) throws IOException {
        XYChart chart = chart(title, "step", yLabel);
        String[] names = new String[columns.length + 1];
        names[0] = "step";
        System.arraycopy(columns, 0, names, 1, columns.length);
        Map<String, double[]> thinned = log.columns(MAX_POINTS, names); // every k-th step and the last
        double[] steps = thinned.get("step");
        if (steps.length > 0) {
            for (String column : columns) {
                XYSeries s = chart.addSeries(column, steps, thinned.get(column));
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(new BasicStroke(1.2f));
            }
            stepAxis(chart, steps, thinned.get(columns[0])[0]);
        }
        save(chart, dir.resolve(file));
        return new Artifact(file, caption);
    }

    /** Any chart (line, category, ...) as a PNG at {@code file}, replaced atomically (shards may write it together). */
    public static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(file, out -> out.write(png));
    }

    public static BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
