package org.ganlab.experiments.images;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ganlab.experiments.data.IdxFile;
import org.ganlab.experiments.images.ImageGanExperiment.FinalSamples;
import org.ganlab.experiments.images.ImageGanExperiment.Frame;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.io.GifWriter;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The image experiments' pictures and exports: sample grids, their film, FID and classes covered over training, the samples as IDX. */
final class ImageCharts {

    /** Each pixel drawn as a square this wide. */
    static final int ZOOM = 3;
    static final int CAPTION = 22;

    private ImageCharts() {
    }

    static List<Artifact> write(RunLog log, Path dir) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(GanExperiment.lossesChart(log, dir, "loss", "D's and G's losses."));
        List<Snapshot<Frame>> frames = log.snapshots(ImageGanExperiment.FRAMES);
        if (!frames.isEmpty()) {
            Snapshot<Frame> last = frames.get(frames.size() - 1);
            ImageIO.write(grid(last), "png", dir.resolve("samples.png").toFile());
            artifacts.add(new Artifact("samples.png", ImageGanExperiment.GRID + " samples of G at step " + last.step()
                    + ", of fixed latent vectors."));
            List<BufferedImage> film = new ArrayList<>();
            frames.forEach(f -> film.add(grid(f)));
            GifWriter.write(film, 600, dir.resolve("training.gif"));
            artifacts.add(new Artifact("training.gif", "The same 64 samples at each snapshot."));
        }
        List<Snapshot<FinalSamples>> end = log.snapshots(ImageGanExperiment.FINAL);
        Snapshot<FinalSamples> ending = end.isEmpty() ? null : end.get(0);
        FinalSamples last = ending == null ? null : ending.data();
        // The snapshots' scores, of --snapshot-samples each; a last frame the end added holds the end's scores
        Object snapshotSamples = frames.isEmpty() ? null : frames.get(0).data().scores().get("metric_samples");
        List<Snapshot<Frame>> scored = frames.stream()
                .filter(f -> f.data().scores().get("metric_samples").equals(snapshotSamples)).toList();
        if (!scored.isEmpty()) {
            artifacts.add(metricChart(scored, ending, dir, "fid", "FID", "fid.png",
                    "FID of G's samples to the test split on the classifier's features, at each snapshot"));
            artifacts.add(metricChart(scored, ending, dir, "classes_covered", "classes covered", "classes.png",
                    "Classes given at least 1 % of G's samples by the classifier, at each snapshot"));
        }
        if (last != null) {
            IdxFile.write(dir.resolve("samples-idx3-ubyte"), last.pixels(), last.count(), last.side(), last.side());
            artifacts.add(new Artifact("samples-idx3-ubyte", last.count() + " final samples of G in the IDX format of "
                    + "the data (unsigned bytes, round(255 p)), for any outside tool to score."));
        }
        return artifacts;
    }

    /** The 8×8 grid of a frame, zoomed, under a caption with the step and the scores. */
    static BufferedImage grid(Snapshot<Frame> s) {
        Frame f = s.data();
        int side = f.side();
        int columns = 8;
        int rows = (f.grid().length / (side * side) + columns - 1) / columns;
        int cell = side * ZOOM + 2;
        BufferedImage img = new BufferedImage(columns * cell + 2, rows * cell + 2 + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int n = 0; n < f.grid().length / (side * side); n++) {
            int x0 = 2 + (n % columns) * cell;
            int y0 = CAPTION + 2 + (n / columns) * cell;
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    int v = 255 - (f.grid()[n * side * side + i * side + j] & 0xff); // dark clothes on white, as Fashion-MNIST is usually shown
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + j * ZOOM, y0 + i * ZOOM, ZOOM, ZOOM);
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        Map<String, Object> sc = f.scores();
        g.drawString(String.format("step %,d: FID %s, %s classes, class KL %s", s.step(), Charts.number(num(sc, "fid")),
                sc.get("classes_covered"), Charts.number(num(sc, "class_kl"))), 6, 16);
        g.dispose();
        return img;
    }

    private static double num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Artifact metricChart(List<Snapshot<Frame>> frames, Snapshot<FinalSamples> ending, Path dir, String key,
            String label, String file, String caption) throws IOException {
        XYChart chart = Charts.chart(label + " over training", "step", label);
        double[] steps = new double[frames.size()];
        double[] values = new double[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            steps[i] = frames.get(i).step();
            values[i] = num(frames.get(i).data().scores(), key);
        }
        int n = (int) num(frames.get(0).data().scores(), "metric_samples");
        XYSeries s = chart.addSeries(n + " samples", steps, values);
        s.setMarker(SeriesMarkers.CIRCLE);
        String more = "";
        if (ending != null) {
            FinalSamples last = ending.data();
            XYSeries end = chart.addSeries(last.count() + " samples, at the end", new double[] {ending.step()},
                    new double[] {num(last.scores(), key)});
            end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            end.setMarker(SeriesMarkers.DIAMOND);
            more = "; the diamond: " + last.count() + " samples at the end";
        }
        chart.getStyler().setMarkerSize(6);
        Charts.save(chart, dir.resolve(file));
        return new Artifact(file, caption + " (" + n + " samples)" + more + ".");
    }
}
