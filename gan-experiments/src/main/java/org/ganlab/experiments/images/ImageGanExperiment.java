package org.ganlab.experiments.images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.data.EpochSampler;
import org.ganlab.experiments.data.ImageDataSet;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.GanTraining;
import org.ganlab.experiments.run.ReportedMetric;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.nn.Module;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * A GAN on Fashion-MNIST's 28×28 images, whatever its networks: batches from epochs of the training
 * split, and at every snapshot and at the end samples of G from a fixed latent set, scored with
 * {@link ImageMetrics} on the classifier's features and exported as an IDX file. A subclass gives its
 * networks ({@link #networks}), the shape D takes images in, and its own options.
 */
public abstract class ImageGanExperiment extends GanExperiment {

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

    /** G's input distribution. */
    public enum Latent {
        /** N(0, I). */
        NORMAL,
        /** U(−1, 1) in every dimension. */
        UNIFORM;

        /** {@code n} latent vectors of {@code width} dimensions. */
        Tensor draw(Rng rng, int n, int width) {
            return this == NORMAL ? Tensor.normal(rng, 0f, 1f, n, width) : Tensor.uniform(rng, -1f, 1f, n, width);
        }
    }

    /**
     * A run's networks.
     *
     * @param latentWidth z's dimensions
     * @param results what the run records about them beside the metrics (settings a default resolved)
     */
    protected record Networks(Module d, Module g, int latentWidth, Latent latent, Map<String, Object> results) {
    }

    private static final Map<String, Classifier> CLASSIFIERS = new ConcurrentHashMap<>();

    protected ImageGanExperiment(GanSpec spec) {
        super(spec);
    }

    /** D and G, initialised from {@code init}, for images {@code side}×{@code side}. */
    protected abstract Networks networks(RunContext ctx, Rng init, int side);

    /** The shape D takes a batch of {@code n} images in, G's output's shape too. */
    protected abstract int[] batchShape(int n, int side);

    /** The options that say where data and classifier are: {@code data}, {@code classifier}. */
    protected static List<ExperimentOption> inputOptions() {
        return List.of(new ExperimentOption("data", ImageDataSet.FASHION_MNIST.toString(),
                        "a folder with the four IDX files of MNIST's layout, 28x28 images"),
                new ExperimentOption("classifier", "built-in",
                        "the feature extractor of the metrics: a file made by 'gan classifier train'"));
    }

    /** The options of what is scored: {@code samples}, {@code snapshot-samples}. */
    protected static List<ExperimentOption> sampleOptions() {
        return List.of(new ExperimentOption("samples", "10000", "G's samples scored at the end and exported"),
                new ExperimentOption("snapshot-samples", "1000", "G's samples scored at each snapshot"));
    }

    /** Checks {@link #sampleOptions()}; returns {@code samples}. */
    protected static int validateSamples(Options o) {
        int samples = o.wholeNumber("samples", GRID, 1_000_000);
        o.wholeNumber("snapshot-samples", 2, samples);
        return samples;
    }

    /** The help paragraph on metrics and files that every image GAN shares. */
    protected static String metricsHelp() {
        return "At each snapshot --snapshot-samples images (at the end --samples) of the same latent vectors are scored "
                + "against the test split on the built-in classifier's features (or --classifier FILE): fid, kid "
                + "(+ kid_std), classes_covered (classes given >= 1 %% of the samples), class_kl (KL of the class "
                + "histogram from uniform: 0 balanced, ln 10 one class), confidence (mean top softmax probability). "
                + "summary.json records the classifier's sha256. Files: samples.png (64 samples), training.gif, fid.png, "
                + "classes.png, losses.png, samples-idx3-ubyte (the final samples in the data's own format).";
    }

    @Override
    public void checkInputs(Options o) {
        ImageDataSet data = data(o);
        if (data.train().rows() != Classifier.SIDE || data.train().cols() != Classifier.SIDE) {
            throw new IllegalArgumentException("--data: " + data.folder() + " holds " + data.train().rows() + "x"
                    + data.train().cols() + " images; " + name() + " and its classifier take 28x28");
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
        int samples = o.positiveInt("samples");
        int snapshotSamples = o.positiveInt("snapshot-samples");
        ImageDataSet.Split train = data(o).train();
        int side = train.cols();
        int pixels = train.rows() * side;
        Rng init = ctx.rng().split();
        Rng dataRng = ctx.rng().split();
        Rng noise = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Rng probe = ctx.rng().split();
        Networks nets = networks(ctx, init, side);
        EpochSampler sampler = new EpochSampler(train.count(), dataRng);
        ctx.checkpoints().track("data", EpochSampler.State.class, sampler::state, sampler::restore);
        GanTraining training = ctx.ganTraining(nets.d(), nets.g(), tricks);
        float[] z = nets.latent().draw(probe, samples, nets.latentWidth()).toFloatArray();
        ImageMetrics metrics = new ImageMetrics(classifier(o), data(o), probe.nextLong());
        Probes probes = new Probes(nets.g(), z, nets.latentWidth(), pixels, side);
        training.evaluate(() -> {
            snapshot(ctx.log(), 0, probes, metrics, snapshotSamples);
            return null;
        });
        training.train(dSteps -> StepBatches.draw(dSteps, () -> realBatch(train, sampler, c.batch()),
                () -> nets.latent().draw(noise, c.batch(), nets.latentWidth())), null,
                step -> snapshot(ctx.log(), step, probes, metrics, snapshotSamples));
        return training.results(() -> {
            float[] images = probes.generate(samples);
            ImageMetrics.Scores scores = metrics.score(images, samples);
            byte[] bytes = toBytes(images);
            List<Snapshot<Frame>> frames = ctx.log().snapshots(FRAMES);
            if (frames.isEmpty() || frames.get(frames.size() - 1).step() != c.steps()) {
                recordFrame(ctx.log(), c.steps(), probes, bytes, scores); // the film ends at the last step
            }
            ctx.log().snapshot(FINAL, c.steps(), new FinalSamples(samples, side, bytes, scores.toMap()));
            Map<String, Object> results = new LinkedHashMap<>(scores.toMap());
            results.put("classes", metrics.classifier().classes());
            results.putAll(metrics.classifier().identity());
            results.putAll(nets.results());
            return results;
        });
    }

    /**
     * G's images of the fixed latent vectors, the first {@code n} of them, in batches, with G in
     * evaluation mode (batch norm with its running statistics, which it leaves alone), so that a
     * sample depends on its latent vector only and scoring changes nothing in training.
     */
    private final class Probes {
        private final Module g;
        private final float[] z;
        private final int latent;
        private final int pixels;
        private final int side;

        Probes(Module g, float[] z, int latent, int pixels, int side) {
            this.g = g;
            this.z = z;
            this.latent = latent;
            this.pixels = pixels;
            this.side = side;
        }

        float[] generate(int n) {
            float[] images = new float[n * pixels];
            boolean training = g.isTraining();
            g.eval();
            try {
                for (int start = 0; start < n; start += GENERATE_BATCH) {
                    int m = Math.min(GENERATE_BATCH, n - start);
                    try (MemoryScope batch = MemoryScope.open()) {
                        float[] zi = Arrays.copyOfRange(z, start * latent, (start + m) * latent);
                        float[] out = g.forward(Tensor.of(zi, m, latent)).toFloatArray();
                        System.arraycopy(out, 0, images, start * pixels, out.length);
                    }
                }
            } finally {
                if (training) {
                    g.train();
                }
            }
            return images;
        }
    }

    private Tensor realBatch(ImageDataSet.Split train, EpochSampler sampler, int batch) {
        int pixels = train.rows() * train.cols();
        int[] indices = sampler.next(batch);
        float[] x = new float[batch * pixels];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < pixels; j++) {
                x[i * pixels + j] = train.pixel(indices[i], j);
            }
        }
        return Tensor.of(x, batchShape(batch, train.cols()));
    }

    private static void snapshot(RunLog log, int step, Probes probes, ImageMetrics metrics, int n) {
        float[] images = probes.generate(n);
        recordFrame(log, step, probes, toBytes(images), metrics.score(images, n));
    }

    /** Records the grid and the scores. */
    private static void recordFrame(RunLog log, int step, Probes probes, byte[] images, ImageMetrics.Scores scores) {
        byte[] grid = Arrays.copyOf(images, GRID * probes.pixels);
        log.snapshot(FRAMES, step, new Frame(probes.side, grid, scores.toMap()));
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
