package org.ganlab.experiments.mixtures;

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
import org.ganlab.experiments.ExperimentOption;
import org.ganlab.experiments.OptimizerKind;
import org.ganlab.experiments.Options;
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
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A 2-D mixture of Gaussians, the standard test for mode collapse: G maps z ~ N(0, I) through
 * 2 hidden layers to the plane, D (2 hidden layers, LeakyReLU(0.2)) outputs a logit. At every
 * snapshot and at the end, 2500 samples of G (always of the same 2500 latent vectors, drawn from
 * their own stream) are scored with {@link ModeCoverage}; success is every mode covered.
 */
public abstract class MixtureExperiment implements Experiment {

    static final String FRAMES = "samples";
    static final int PROBES = 2500;

    /** G's probe samples at one step, the mixture, and how they cover its modes. */
    record Frame(Mixture mixture, float[] xy, ModeCoverage coverage) {
    }

    /** The mixture the options describe. */
    protected abstract Mixture mixture(Options options);

    /** Options beyond {@code latent} and {@code hidden}. */
    protected List<ExperimentOption> mixtureOptions() {
        return List.of();
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 10_000;
        b.batch = 256;
        b.lr(1e-4);
        b.optimizer = OptimizerKind.ADAM;
        b.beta1 = 0.5;
        b.beta2 = 0.999;
        b.loss = "bce";
        b.snapshotEvery = 1000;
        return b.build();
    }

    @Override
    public List<ExperimentOption> options() {
        List<ExperimentOption> o = new ArrayList<>();
        o.add(new ExperimentOption("latent", "2", "dimensions of G's input z ~ N(0, I)"));
        o.add(new ExperimentOption("hidden", "128", "units in each of G's and D's two hidden layers"));
        o.addAll(mixtureOptions());
        return o;
    }

    @Override
    public GanSpec gan() {
        return new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT, true);
    }

    @Override
    public void validate(RunConfig config) {
        Options o = RunContext.options(this, config);
        o.wholeNumber("latent", 1);
        o.wholeNumber("hidden", 1);
        mixture(o);
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        Options o = ctx.options();
        int latent = o.positiveInt("latent");
        int hidden = o.positiveInt("hidden");
        Mixture mixture = mixture(o);
        Rng init = ctx.rng().split();
        Rng data = ctx.rng().split();
        Rng noise = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Rng probe = ctx.rng().split();
        Module g = mlp(latent, hidden, 2, init);
        Module d = mlp(ctx.discriminatorInputWidth(2), hidden, 1, init);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        Tensor z = Tensor.normal(probe, 0f, 1f, PROBES, latent);
        training.evaluate(() -> snapshot(ctx.log(), 0, g, z, mixture));
        training.train(dSteps -> StepBatches.draw(dSteps, () -> mixture.sample(data, c.batch()),
                () -> Tensor.normal(noise, 0f, 1f, c.batch(), latent)), null, step -> snapshot(ctx.log(), step, g, z, mixture));
        return training.results(() -> {
            Frame last = snapshot(ctx.log(), c.steps(), g, z, mixture);
            return new LinkedHashMap<>(last.coverage().results());
        });
    }

    /** {@code in → hidden → hidden → out}, LeakyReLU(0.2) between, PyTorch's default initialisation. */
    static Sequential mlp(int in, int hidden, int out, Rng init) {
        return new Sequential(new Linear(in, hidden, true, init), new LeakyReLU(0.2f),
                new Linear(hidden, hidden, true, init), new LeakyReLU(0.2f), new Linear(hidden, out, true, init));
    }

    /** Scores G's probe samples and records them (the last step's may be recorded twice: the same frame). */
    private static Frame snapshot(RunLog log, int step, Module g, Tensor z, Mixture mixture) {
        float[] xy = g.forward(z).toFloatArray();
        Frame f = new Frame(mixture, xy, ModeCoverage.of(mixture, xy));
        List<RunLog.Snapshot> taken = log.snapshots(FRAMES);
        if (taken.isEmpty() || taken.get(taken.size() - 1).step() != step) {
            log.snapshot(FRAMES, step, f);
        }
        return f;
    }

    @Override
    public List<String> reportedMetrics() {
        return List.of("modes_covered", "high_quality_fraction", "reverse_kl");
    }

    @Override
    public Optional<Boolean> success(Map<String, Object> r, Map<String, Double> thresholds) {
        Object covered = r.get("modes_covered");
        Object modes = r.get("modes");
        if (!(covered instanceof Number c) || !(modes instanceof Number m)) {
            return Optional.of(false);
        }
        return Optional.of(c.intValue() == m.intValue());
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(Charts.metrics(log, dir, "losses.png", "Losses", "loss", "D's and G's losses.", "d_loss", "g_loss"));
        List<RunLog.Snapshot> frames = log.snapshots(FRAMES);
        if (frames.isEmpty()) {
            return artifacts;
        }
        RunLog.Snapshot last = frames.get(frames.size() - 1);
        Mixture mixture = ((Frame) last.data()).mixture();
        Charts.save(samplesChart(mixture, last.step(), (Frame) last.data()), dir.resolve("samples.png"));
        artifacts.add(new Artifact("samples.png", PROBES + " samples of G at the end (dots) over the modes (crosses) "
                + "and their 3-std circles, inside which a sample counts as high quality."));
        List<BufferedImage> images = new ArrayList<>();
        for (RunLog.Snapshot s : frames) {
            images.add(Charts.image(samplesChart(mixture, s.step(), (Frame) s.data())));
        }
        GifWriter.write(images, 400, dir.resolve("training.gif"));
        artifacts.add(new Artifact("training.gif", "G's samples (of the same latent vectors) at each snapshot."));
        saveModesChart(((Frame) last.data()).coverage(), dir.resolve("modes.png"));
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

    private static Artifact coverageChart(List<RunLog.Snapshot> frames, Path dir) throws IOException {
        XYChart chart = Charts.chart("Modes covered at each snapshot", "step", "modes covered");
        double[] steps = new double[frames.size()];
        double[] covered = new double[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            steps[i] = frames.get(i).step();
            covered[i] = ((Frame) frames.get(i).data()).coverage().modesCovered();
        }
        XYSeries s = chart.addSeries("modes covered", steps, covered);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (steps.length > 0) {
            Charts.stepAxis(chart, steps, covered[0]);
        }
        chart.getStyler().setMarkerSize(5);
        Charts.save(chart, dir.resolve("coverage.png"));
        return new Artifact("coverage.png", "Modes covered by G's probe samples at each snapshot.");
    }
}
