package org.ganlab.experiments.seeds;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.OptimizerKind;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.RunContext;
import org.ganlab.experiments.RunLog;
import org.ganlab.experiments.output.Artifact;
import org.ganlab.experiments.output.Charts;
import org.ganlab.experiments.output.GifWriter;
import org.ganlab.experiments.training.DOutput;
import org.ganlab.experiments.training.DiscriminatorUpdate;
import org.ganlab.experiments.training.GanSpec;
import org.ganlab.experiments.training.GanTraining;
import org.ganlab.experiments.training.StepBatches;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The article's single point: teach G = w·x + b (x ~ U(−1, 1)) to output the value 1 against a
 * 1→2→1 sigmoid D, with BCE. Each step is one D update on the sum of the mean real and fake losses,
 * then one G update through D. Success is w → 0 and b → 1.
 */
public final class SinglePointExperiment implements Experiment {

    static final String FRAMES = "functions";
    static final float[] D_GRID = grid(-1.5f, 3f, 91);
    static final float[] G_GRID = grid(-1f, 1f, 21);

    /** D's function on a grid and G's line at one step: one frame of the animation. */
    record Frame(float[] d, float w, float b) {
    }

    @Override
    public String name() {
        return "single-point";
    }

    @Override
    public String description() {
        return "G = w*x + b learns to output 1 against a 1->2->1 D; BCE, Adam; success |w|<0.1, |b-1|<0.1";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 2000;
        b.batch = 32;
        b.lr(0.05);
        b.optimizer = OptimizerKind.ADAM;
        b.loss = "bce";
        b.snapshotEvery = 20;
        return b.build();
    }

    @Override
    public GanSpec gan() {
        return new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.JOINT);
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        Rng init = ctx.rng().split();
        Rng latent = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Sequential d = Nets.discriminatorPoint(init);
        Linear g = Nets.generatorPoint(init);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        Tensor real = Tensor.ones(c.batch(), 1);
        Tensor dGrid = Tensor.of(D_GRID, D_GRID.length, 1);
        training.evaluate(() -> snapshot(ctx.log(), 0, d, g, dGrid));
        training.train(dSteps -> StepBatches.draw(dSteps, () -> real, () -> Tensor.uniform(latent, -1, 1, c.batch(), 1)),
                (batches, losses) -> parameters(g), step -> snapshot(ctx.log(), step, d, g, dGrid));
        return training.results(() -> new LinkedHashMap<>(parameters(g)));
    }

    /** G's w and b. */
    private static Map<String, Float> parameters(Linear g) {
        Map<String, Float> m = new LinkedHashMap<>();
        m.put("w", g.weight().item());
        m.put("b", g.bias().item());
        return m;
    }

    /** One animation frame; taken inside {@link GanTraining#evaluate}. */
    private static Void snapshot(RunLog log, int step, Sequential d, Linear g, Tensor dGrid) {
        log.snapshot(FRAMES, step, new Frame(d.forward(dGrid).toFloatArray(), g.weight().item(), g.bias().item()));
        return null;
    }

    @Override
    public Map<String, Double> successThresholds() {
        return Map.of("w", 0.1, "b", 0.1);
    }

    /** |w| below threshold {@code w} and |b − 1| below threshold {@code b}. */
    @Override
    public Optional<Boolean> success(Map<String, Object> r, Map<String, Double> t) {
        return Optional.of(Math.abs(((Number) r.get("w")).doubleValue()) < t.get("w")
                && Math.abs(((Number) r.get("b")).doubleValue() - 1) < t.get("b"));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        for (RunLog.Snapshot s : log.snapshots(FRAMES)) {
            frames.add(Charts.image(frameChart(s.step(), (Frame) s.data())));
        }
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(Charts.metrics(log, dir, "losses.png", "Losses", "BCE",
                "D's loss (real + fake) and G's loss.", "d_loss", "g_loss"));
        artifacts.add(Charts.metrics(log, dir, "params.png", "G's parameters", "value",
                "G = w·x + b: success is w → 0 and b → 1 (every input mapped to the point 1).", "w", "b"));
        if (!frames.isEmpty()) {
            GifWriter.write(frames, 100, dir.resolve("training.gif"));
            artifacts.add(new Artifact("training.gif",
                    "Training, one frame per snapshot: D(x) (bell-shaped once trained) and G's line over its input range."));
        }
        return artifacts;
    }

    static XYChart frameChart(int step, Frame f) {
        XYChart chart = Charts.chart(String.format("step %d:  G(x) = %.3f x + %.3f", step, f.w(), f.b()), "x", "output");
        chart.getStyler().setXAxisMin(-1.5).setXAxisMax(3.0).setYAxisMin(-0.5).setYAxisMax(2.0);
        chart.getStyler().setAntiAlias(false);
        XYSeries dSeries = chart.addSeries("D(x)", toDouble(D_GRID), toDouble(f.d()));
        dSeries.setMarker(SeriesMarkers.NONE);
        dSeries.setLineColor(new Color(31, 119, 180));
        dSeries.setLineStyle(new BasicStroke(2f));
        float[] gLine = new float[G_GRID.length];
        for (int i = 0; i < gLine.length; i++) {
            gLine[i] = f.w() * G_GRID[i] + f.b();
        }
        XYSeries gSeries = chart.addSeries("G(x), x in [-1, 1]", toDouble(G_GRID), toDouble(gLine));
        gSeries.setMarker(SeriesMarkers.NONE);
        gSeries.setLineColor(new Color(214, 39, 40));
        gSeries.setLineStyle(new BasicStroke(2f));
        XYSeries target = chart.addSeries("real data: 1", new double[] {1, 1}, new double[] {-0.5, 2.0});
        target.setMarker(SeriesMarkers.NONE);
        target.setLineColor(Color.GRAY);
        target.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        return chart;
    }

    private static float[] grid(float from, float to, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = from + (to - from) * i / (n - 1);
        }
        return g;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
