package org.ganlab.experiments.mixtures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.GanTraining;
import org.ganlab.experiments.run.ReportedMetric;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Sizes;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * A 2-D mixture of Gaussians, the standard test for mode collapse: G maps z ~ N(0, I) through
 * 2 hidden layers to the plane, D (2 hidden layers, LeakyReLU(0.2)) outputs a logit. At every
 * snapshot and at the end, 2500 samples of G (always of the same 2500 latent vectors, drawn from
 * their own stream) are scored with {@link ModeCoverage}; success is every mode covered.
 */
public abstract class MixtureExperiment extends GanExperiment {

    static final Snapshot.Kind<Frame> FRAMES = new Snapshot.Kind<>("samples", Frame.class);
    static final int PROBES = 2500;

    /** G's probe samples at one step, the mixture, and how they cover its modes. */
    record Frame(Mixture mixture, float[] xy, ModeCoverage coverage) {
    }

    protected MixtureExperiment() {
        super(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT, true));
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
    public void validate(Options o, RunConfig config) {
        int latent = o.wholeNumber("latent", 1);
        int hidden = o.wholeNumber("hidden", 1);
        mixture(o);
        long batch = config.batch();
        Sizes.requireFits(this, config, new int[] {hidden, hidden}, new int[] {config.batch(), hidden},
                new int[] {PROBES, hidden}, new int[] {config.batch(), latent});
        // G's and D's weights with Adam's two moments, and one batch through both networks
        double weights = 4.0 * ((double) hidden * hidden + (double) hidden * (latent + 8));
        Sizes.requireHeap(this, config, weights + (double) (batch + PROBES) * (latent + 4L * hidden + 4));
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
        List<Snapshot<Frame>> taken = log.snapshots(FRAMES);
        if (taken.isEmpty() || taken.get(taken.size() - 1).step() != step) {
            log.snapshot(FRAMES, step, f);
        }
        return f;
    }

    @Override
    public List<ReportedMetric> reportedMetrics() {
        return List.of(ReportedMetric.nonNegative("modes_covered"), ReportedMetric.fraction("high_quality_fraction"),
                ReportedMetric.nonNegative("reverse_kl"));
    }

    /** Every mode covered. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.condition("every mode covered", r -> r.get("modes_covered") instanceof Number c
                && r.get("modes") instanceof Number m && c.intValue() == m.intValue()));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        return MixtureCharts.write(log, dir);
    }
}
