package org.ganlab.experiments.images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.data.EpochSampler;
import org.ganlab.experiments.data.ImageDataSet;
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
import org.ganlab.nn.LayerNorm;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * The seed series' image GAN (Part III of its plan), on Fashion-MNIST: fully connected G and D with
 * layer norm, sigmoid outputs, BCE, Adam, one image a step, D trained on the real image and on the
 * fake in two optimiser steps as the series does. Images are 28×28 with pixels in [0, 1]. At every
 * snapshot and at the end, samples of G from a fixed latent set are scored with {@link ImageMetrics}
 * on the committed classifier's features; the samples are exported as an IDX file.
 */
public final class FashionMlpExperiment extends GanExperiment {

    static final Snapshot.Kind<Frame> FRAMES = new Snapshot.Kind<>("samples", Frame.class);
    static final Snapshot.Kind<FinalSamples> FINAL = new Snapshot.Kind<>("final", FinalSamples.class);
    /** Samples in the picture grid: the first of the fixed latent set. */
    static final int GRID = 64;
    static final int GENERATE_BATCH = 1000;

    /** The grid's pixels (0–255) and the scores of the snapshot's samples. */
    public record Frame(int side, byte[] grid, Map<String, Object> scores) {
    }

    /** The final samples as bytes, for the IDX export, and their scores. */
    public record FinalSamples(int count, int side, byte[] pixels, Map<String, Object> scores) {
    }

    private static final Map<String, Classifier> CLASSIFIERS = new ConcurrentHashMap<>();

    public FashionMlpExperiment() {
        super(new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.SEPARATE, true));
    }

    @Override
    public String name() {
        return "fashion-mlp";
    }

    @Override
    public String description() {
        return "the series' image GAN on Fashion-MNIST: MLPs with layer norm, one image a step; FID, KID, classes "
                + "covered; success: every class covered";
    }

    @Override
    public List<String> helpText() {
        return List.of("G: z ~ N(0, I) (--latent) -> Linear(latent, hidden) -> LeakyReLU(0.02) -> LayerNorm -> "
                + "Linear(hidden, 784) -> sigmoid. D: Linear(784, hidden) -> LeakyReLU(0.02) -> LayerNorm -> Linear(hidden, 1) "
                + "-> sigmoid. Each step D learns from a batch of real images (target 1) and, in a second optimiser step, "
                + "from G's images (target 0); then G learns through D (target 1). Batches come from epochs of the "
                + "training split shuffled by the run's own stream.",
                "At each snapshot --snapshot-samples images (at the end --samples) of the same latent vectors are scored "
                + "against the test split on the built-in classifier's features (or --classifier FILE): fid, kid "
                + "(+ kid_std), classes_covered (classes given >= 1 %% of the samples), class_kl (KL of the class "
                + "histogram from uniform: 0 balanced, ln 10 one class), confidence (mean top softmax probability). "
                + "summary.json records the classifier's sha256. Files: samples.png (64 samples), training.gif, fid.png, "
                + "classes.png, losses.png, samples-idx3-ubyte (the final samples in the data's own format).");
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 60_000;
        b.batch = 1;
        b.lr(1e-4);
        b.optimizer = OptimizerKind.ADAM;
        b.beta1 = 0.9;
        b.beta2 = 0.999;
        b.loss = "bce";
        b.snapshotEvery = 10_000;
        return b.build();
    }

    @Override
    public List<ExperimentOption> options() {
        return List.of(new ExperimentOption("data", ImageDataSet.FASHION_MNIST.toString(),
                        "a folder with the four IDX files of MNIST's layout, 28x28 images"),
                new ExperimentOption("classifier", "built-in",
                        "the feature extractor of the metrics: a file made by 'gan classifier train'"),
                new ExperimentOption("latent", "100", "dimensions of G's input z ~ N(0, I)"),
                new ExperimentOption("hidden", "200", "units in G's and D's hidden layer"),
                new ExperimentOption("samples", "10000", "G's samples scored at the end and exported"),
                new ExperimentOption("snapshot-samples", "1000", "G's samples scored at each snapshot"));
    }

    @Override
    public void validate(Options o, RunConfig config) {
        int latent = o.wholeNumber("latent", 1, 1 << 16);
        int hidden = o.wholeNumber("hidden", 1, 1 << 16);
        int samples = o.wholeNumber("samples", GRID, 1_000_000);
        o.wholeNumber("snapshot-samples", 2, samples);
        int pixels = Classifier.SIDE * Classifier.SIDE;
        Sizes.requireFits(this, config, new int[] {config.batch(), pixels}, new int[] {samples, latent},
                new int[] {GENERATE_BATCH, pixels});
        double weights = 4.0 * ((double) hidden * (latent + 2L * pixels + 8));
        Sizes.requireHeap(this, config, weights + (double) samples * (latent + pixels)
                + (double) config.batch() * (4L * pixels + 4L * hidden));
    }

    @Override
    public void checkInputs(Options o) {
        ImageDataSet data = data(o);
        if (data.train().rows() != Classifier.SIDE || data.train().cols() != Classifier.SIDE) {
            throw new IllegalArgumentException("--data: " + data.folder() + " holds " + data.train().rows() + "x"
                    + data.train().cols() + " images; fashion-mlp and its classifier take 28x28");
        }
        classifier(o);
    }

    static ImageDataSet data(Options o) {
        return ImageDataSet.cached(Path.of(o.text("data")));
    }

    static Classifier classifier(Options o) {
        String file = o.text("classifier");
        return CLASSIFIERS.computeIfAbsent(file, f -> f.equals("built-in") ? Classifier.builtIn() : Classifier.load(Path.of(f)));
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        Options o = ctx.options();
        int latent = o.positiveInt("latent");
        int hidden = o.positiveInt("hidden");
        int samples = o.positiveInt("samples");
        int snapshotSamples = o.positiveInt("snapshot-samples");
        ImageDataSet.Split train = data(o).train();
        int pixels = train.rows() * train.cols();
        Rng init = ctx.rng().split();
        Rng dataRng = ctx.rng().split();
        Rng noise = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Rng probe = ctx.rng().split();
        Module g = new Sequential(new Linear(latent, hidden, true, init), new LeakyReLU(0.02f), new LayerNorm(hidden),
                new Linear(hidden, pixels, true, init), new Sigmoid());
        Module d = new Sequential(new Linear(ctx.discriminatorInputWidth(pixels), hidden, true, init),
                new LeakyReLU(0.02f), new LayerNorm(hidden), new Linear(hidden, 1, true, init), new Sigmoid());
        EpochSampler sampler = new EpochSampler(train.count(), dataRng);
        ctx.checkpoints().track("data", EpochSampler.State.class, sampler::state, sampler::restore);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        float[] z = Tensor.normal(probe, 0f, 1f, samples, latent).toFloatArray();
        ImageMetrics metrics = new ImageMetrics(classifier(o), data(o), probe.nextLong());
        Probes probes = new Probes(g, z, latent, pixels, train.cols());
        training.evaluate(() -> {
            snapshot(ctx.log(), 0, probes, metrics, snapshotSamples);
            return null;
        });
        training.train(dSteps -> StepBatches.draw(dSteps, () -> realBatch(train, sampler, c.batch()),
                () -> Tensor.normal(noise, 0f, 1f, c.batch(), latent)), null,
                step -> snapshot(ctx.log(), step, probes, metrics, snapshotSamples));
        return training.results(() -> {
            float[] images = probes.generate(samples);
            ImageMetrics.Scores scores = metrics.score(images, samples);
            byte[] bytes = toBytes(images);
            List<Snapshot<Frame>> frames = ctx.log().snapshots(FRAMES);
            if (frames.isEmpty() || frames.get(frames.size() - 1).step() != c.steps()) {
                recordFrame(ctx.log(), c.steps(), probes, bytes, scores); // the film ends at the last step
            }
            ctx.log().snapshot(FINAL, c.steps(), new FinalSamples(samples, train.cols(), bytes, scores.toMap()));
            Map<String, Object> results = new LinkedHashMap<>(scores.toMap());
            results.put("classes", metrics.classifier().classes());
            results.putAll(metrics.classifier().identity());
            return results;
        });
    }

    /** G's images of the fixed latent vectors, the first {@code n} of them, in batches. */
    private record Probes(Module g, float[] z, int latent, int pixels, int side) {
        float[] generate(int n) {
            float[] images = new float[n * pixels];
            for (int start = 0; start < n; start += GENERATE_BATCH) {
                int m = Math.min(GENERATE_BATCH, n - start);
                try (MemoryScope batch = MemoryScope.open()) {
                    float[] zi = java.util.Arrays.copyOfRange(z, start * latent, (start + m) * latent);
                    float[] out = g.forward(Tensor.of(zi, m, latent)).toFloatArray();
                    System.arraycopy(out, 0, images, start * pixels, out.length);
                }
            }
            return images;
        }
    }

    private static Tensor realBatch(ImageDataSet.Split train, EpochSampler sampler, int batch) {
        int pixels = train.rows() * train.cols();
        int[] indices = sampler.next(batch);
        float[] x = new float[batch * pixels];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < pixels; j++) {
                x[i * pixels + j] = train.pixel(indices[i], j);
            }
        }
        return Tensor.of(x, batch, pixels);
    }

    private static void snapshot(RunLog log, int step, Probes probes, ImageMetrics metrics, int n) {
        float[] images = probes.generate(n);
        recordFrame(log, step, probes, toBytes(images), metrics.score(images, n));
    }

    /** Records the grid and the scores. */
    private static void recordFrame(RunLog log, int step, Probes probes, byte[] images, ImageMetrics.Scores scores) {
        byte[] grid = java.util.Arrays.copyOf(images, GRID * probes.pixels());
        log.snapshot(FRAMES, step, new Frame(probes.side(), grid, scores.toMap()));
    }

    /** Pixels in [0, 1] as the data's bytes: round(255·p), clamped (NaN as 0). */
    static byte[] toBytes(float[] pixels) {
        byte[] b = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            float p = pixels[i];
            b[i] = (byte) (p > 0 ? Math.min(255, Math.round(p * 255f)) : 0);
        }
        return b;
    }

    @Override
    public List<ReportedMetric> reportedMetrics() {
        return List.of(ReportedMetric.nonNegative("fid"), ReportedMetric.of("kid"),
                ReportedMetric.nonNegative("classes_covered"), ReportedMetric.nonNegative("class_kl"),
                ReportedMetric.fraction("confidence"));
    }

    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.condition("every class covered",
                r -> r.get("classes_covered") instanceof Number n && r.get("classes") instanceof Number k
                        && n.intValue() == k.intValue()));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        return ImageCharts.write(log, dir);
    }
}
