package org.ganlab.examples.gaussian;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.GanTraining;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment plug-in: G = a·z + b, z ~ N(0, 1), learns the 1-D Gaussian N(mean, std²) against a
 * D with two hidden layers that outputs a logit. Every gan-lab flag applies (losses, orders, tricks,
 * sweeps, MLflow), and it has options of its own: {@code --mean}, {@code --std}, {@code --hidden}.
 */
public final class GaussianExperiment extends GanExperiment {

    /** G's samples at the end, with the target they should follow. */
    private record Samples(float[] values, float mean, float std) {
    }

    private static final Snapshot.Kind<Samples> SAMPLES = new Snapshot.Kind<>("samples", Samples.class);

    public GaussianExperiment() {
        super(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT));
    }

    @Override
    public String name() {
        return "gaussian-1d";
    }

    @Override
    public String description() {
        return "example plug-in: G = a z + b learns N(mean, std^2) against a logit D (2 hidden layers)";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 2000;
        b.batch = 64;
        b.lr(0.01);
        b.optimizer = OptimizerKind.ADAM;
        b.beta1 = 0.5;
        b.loss = "bce";
        b.snapshotEvery = 100;
        return b.build();
    }

    @Override
    public List<ExperimentOption> options() {
        return List.of(new ExperimentOption("mean", "4", "mean of the real data"),
                new ExperimentOption("std", "1.25", "standard deviation of the real data"),
                new ExperimentOption("hidden", "16", "units in each of D's two hidden layers"));
    }

    /** Refuses bad option values before a run starts: the typed getters name the option. */
    @Override
    public void validate(Options o, RunConfig config) {
        o.number("mean", -1e3, 1e3);
        o.number("std", 1e-3, 1e3);
        o.positiveInt("hidden");
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        float mean = (float) ctx.options().number("mean");
        float std = (float) ctx.options().number("std");
        int hidden = ctx.options().positiveInt("hidden");
        Rng init = ctx.rng().split();
        Rng data = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Rng probe = ctx.rng().split();
        Sequential d = new Sequential(new Linear(1, hidden, true, init), new LeakyReLU(0.2f),
                new Linear(hidden, hidden, true, init), new LeakyReLU(0.2f), new Linear(hidden, 1, true, init));
        Linear g = new Linear(1, 1, true, init);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        training.train(dSteps -> StepBatches.draw(dSteps, () -> Tensor.normal(data, mean, std, c.batch(), 1),
                () -> Tensor.normal(data, 0f, 1f, c.batch(), 1)), null, null);
        return training.results(() -> {
            float[] samples = g.forward(Tensor.normal(probe, 0f, 1f, 2000, 1)).toFloatArray();
            ctx.log().snapshot(SAMPLES, c.steps(), new Samples(samples, mean, std));
            double[] values = doubles(samples);
            double m = StatUtils.mean(values);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sample_mean", (float) m);
            r.put("sample_std", (float) new StandardDeviation().evaluate(values, m));
            r.put("target_mean", mean);
            r.put("target_std", std);
            return r;
        });
    }

    /** G's sample mean and standard deviation each within its threshold of the target's. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.threshold("mean", 0.25,
                        (r, t) -> Math.abs(number(r, "sample_mean") - number(r, "target_mean")) < t),
                SuccessCriterion.threshold("std", 0.25, (r, t) -> Math.abs(number(r, "sample_std") - number(r, "target_std")) < t));
    }

    private static double number(Map<String, Object> r, String key) {
        return SuccessCriterion.number(r, key);
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        Artifact losses = lossesChart(log, dir, "loss", "D's and G's losses.");
        List<Snapshot<Samples>> samples = log.snapshots(SAMPLES);
        if (samples.isEmpty()) {
            return List.of(losses);
        }
        Charts.save(histogram(samples.get(samples.size() - 1).data()), dir.resolve("samples.png"));
        return List.of(losses, new Artifact("samples.png", "G's samples at the end (histogram, as a density) and the target."));
    }

    private static XYChart histogram(Samples samples) {
        double[] values = doubles(samples.values());
        int bins = 40;
        double lo = StatUtils.min(values);
        double width = Math.max(1e-6, (StatUtils.max(values) - lo) / bins);
        NormalDistribution normal = new NormalDistribution(null, samples.mean(), samples.std());
        double[] x = new double[bins];
        double[] density = new double[bins];
        double[] target = new double[bins];
        for (double s : values) {
            density[Math.min(bins - 1, (int) ((s - lo) / width))] += 1.0 / (values.length * width);
        }
        for (int i = 0; i < bins; i++) {
            x[i] = lo + (i + 0.5) * width;
            target[i] = normal.density(x[i]);
        }
        XYChart chart = Charts.chart("G's samples and the target", "x", "density");
        chart.getStyler().setXAxisDecimalPattern("0.0");
        XYSeries h = chart.addSeries("G's samples", x, density);
        h.setMarker(SeriesMarkers.CIRCLE);
        h.setLineColor(new Color(214, 39, 40));
        XYSeries t = chart.addSeries(String.format("N(%.2f, %.2f^2)", samples.mean(), samples.std()), x, target);
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(Color.GRAY);
        return chart;
    }

    private static double[] doubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
