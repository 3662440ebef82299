package org.ganlab.experiments.images;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.Sizes;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.BatchNorm1d;
import org.ganlab.nn.BatchNorm2d;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.ConvTranspose2d;
import org.ganlab.nn.Flatten;
import org.ganlab.nn.Init;
import org.ganlab.nn.LayerNorm;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.ReLU;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.nn.Unflatten;
import org.ganlab.tensor.Rng;

/**
 * The convolutional GAN of Lucic et al. 2018 ("Are GANs Created Equal?") for 28×28×1 images, their
 * InfoGAN-style networks on Fashion-MNIST: non-saturating loss, Adam 2e-4 (0.5, 0.999), batch 64, 20
 * epochs. A width multiplier scales every channel and unit count (a smaller network for CPU studies);
 * D's normalisation follows the tricks unless chosen ({@link #discriminatorNorm}).
 */
public final class FashionDcganExperiment extends ImageGanExperiment {

    /** The normalisation after D's second convolution and its hidden linear layer. */
    public enum Norm {
        BATCH, LAYER, NONE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String SPECTRAL_NORM = "spectral-norm";

    public FashionDcganExperiment() {
        super(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT));
    }

    @Override
    public String name() {
        return "fashion-dcgan";
    }

    @Override
    public String description() {
        return "Lucic et al.'s convolutional GAN on Fashion-MNIST (InfoGAN-style, batch norm, batch 64, 20 epochs); "
                + "FID, KID, classes covered; success: every class covered";
    }

    @Override
    public List<String> helpText() {
        return List.of("G: z (--latent 64, --z uniform: U(-1, 1); or normal) -> Linear(1024) -> BN -> ReLU -> "
                + "Linear(128*7*7) -> BN -> ReLU -> 128x7x7 -> ConvTranspose(64, 4x4, stride 2) -> BN -> ReLU -> "
                + "ConvTranspose(1, 4x4, stride 2) -> sigmoid: 1x28x28. D: Conv(64, 4x4, stride 2) -> LeakyReLU(0.2) -> "
                + "Conv(128, 4x4, stride 2) -> norm -> LeakyReLU(0.2) -> Linear(1024) -> norm -> LeakyReLU(0.2) -> "
                + "Linear(1): a logit. --width scales 64, 128 and 1024 (rounded, at least 1). --init dcgan (the default) "
                + "starts convolutions at N(0, 0.02) and batch-norm scales at N(1, 0.02), as DCGAN and Lucic et al. did; "
                + "that scale does not follow the width, and at --width 0.25 G's first images are an almost constant grey "
                + "that D tells from real ones before G learns (PyTorch does the same): there --init pytorch, PyTorch's "
                + "defaults (uniform, +-1/sqrt(fan-in)), trains.",
                "--d-norm auto (the default) follows the tricks, as the papers did: batch norm, except layer norm with a "
                + "trick that penalises D's gradient with respect to its input (r1, r2, gradient-penalty: with batch "
                + "norm each sample's gradient would depend on the whole batch, and the penalty's own pass would move "
                + "the running statistics) or with unrolled (its look-ahead passes would move them), and none with "
                + "spectral-norm (SN-GAN's D). --d-norm batch with such a penalty or with unrolled is refused. "
                + "summary.json records the normalisation used as d_norm_used.",
                "G makes the scored samples in evaluation mode: batch norm with its running statistics. One D step "
                + "is one optimiser step on the real and fake losses; D sees the real and the fake batch in separate "
                + "passes, each normalised by its own statistics.", metricsHelp());
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 18_750;
        b.batch = 64;
        b.lr(2e-4);
        b.optimizer = OptimizerKind.ADAM;
        b.beta1 = 0.5;
        b.beta2 = 0.999;
        b.loss = "non-saturating";
        b.snapshotEvery = 1_875;
        return b.build();
    }

    @Override
    public List<ExperimentOption> options() {
        List<ExperimentOption> all = new ArrayList<>(inputOptions());
        all.add(new ExperimentOption("latent", "64", "dimensions of G's input z"));
        all.add(new ExperimentOption("z", "uniform", "z's distribution: uniform (U(-1, 1)) or normal (N(0, I))"));
        all.add(new ExperimentOption("width", "1", "multiplies the channel and unit counts 64, 128, 1024 (0.25: 16, 32, 256)"));
        all.add(new ExperimentOption("d-norm", "auto", "D's normalisation: auto (follows the tricks), batch, layer, none"));
        all.add(new ExperimentOption("init", "dcgan", "initial weights: dcgan (convolutions N(0, 0.02), batch-norm scales "
                + "N(1, 0.02)) or pytorch (PyTorch's defaults, whose scale follows the width)"));
        all.addAll(sampleOptions());
        return all;
    }

    @Override
    public void validate(Options o, RunConfig config) {
        int latent = o.wholeNumber("latent", 1, 1 << 16);
        o.choice("z", Set.of("uniform", "normal"));
        o.choice("d-norm", Set.of("auto", "batch", "layer", "none"));
        o.choice("init", Set.of("dcgan", "pytorch"));
        double width = o.number("width", 1.0 / 64, 16);
        int samples = validateSamples(o);
        Widths w = Widths.of(width);
        if (config.batch() < 2) {
            throw new IllegalArgumentException("--batch " + config.batch() + ": fashion-dcgan's batch norm needs at least 2 "
                    + "images a batch");
        }
        int pixels = Classifier.SIDE * Classifier.SIDE;
        Sizes.requireFits(this, config, new int[] {config.batch(), w.c1(), 14, 14}, new int[] {samples, latent},
                new int[] {GENERATE_BATCH, w.c1(), 14, 14}, new int[] {w.units(), w.c2() * 49});
        double weights = 4.0 * (2.0 * w.units() * w.c2() * 49 + (double) w.units() * latent + 32.0 * w.c1() * w.c2());
        double activations = 12.0 * (w.c1() * 196.0 + w.c2() * 49.0 + w.units() + pixels);
        Sizes.requireHeap(this, config, weights + (double) samples * (latent + pixels)
                + (double) config.batch() * activations + GENERATE_BATCH * activations / 4);
    }

    @Override
    public void validateStep(Options o, StepPlan step, List<Trick> tricks) {
        discriminatorNorm(o.text("d-norm"), step, tricks);
    }

    /**
     * D's normalisation: as chosen, or for {@code auto} batch norm, layer norm where a trick penalises
     * D's input gradient or unrolls D, none with spectral norm. Batch norm under such a penalty or an
     * unrolled G step is refused.
     */
    static Norm discriminatorNorm(String chosen, StepPlan step, List<Trick> tricks) {
        boolean spectral = tricks.stream().anyMatch(t -> t.name().equals(SPECTRAL_NORM));
        boolean unrolled = step.lookAhead().steps() > 0;
        if (chosen.equals("auto")) {
            return step.inputGradientPenalty() || unrolled ? Norm.LAYER : spectral ? Norm.NONE : Norm.BATCH;
        }
        Norm norm = Norm.valueOf(chosen.toUpperCase(Locale.ROOT));
        if (norm == Norm.BATCH && unrolled) {
            throw new IllegalArgumentException("--d-norm batch: --trick unrolled's look-ahead passes through D would "
                    + "move batch norm's running statistics; use --d-norm layer or none (auto takes layer)");
        }
        if (norm == Norm.BATCH && step.inputGradientPenalty()) {
            throw new IllegalArgumentException("--d-norm batch: --trick " + penalties(tricks) + " penalises D's gradient "
                    + "at each input, which batch norm makes depend on the whole batch; use --d-norm layer or none "
                    + "(auto takes layer)");
        }
        return norm;
    }

    private static String penalties(List<Trick> tricks) {
        return String.join(", ", tricks.stream().map(Trick::name).filter(n -> !n.equals(SPECTRAL_NORM)).toList());
    }

    /** Channel and unit counts at a width multiplier: 64, 128 and 1024 at 1. */
    public record Widths(int c1, int c2, int units) {
        public static Widths of(double width) {
            return new Widths(scaled(64, width), scaled(128, width), scaled(1024, width));
        }

        private static int scaled(int n, double width) {
            return (int) Math.max(1, Math.round(n * width));
        }
    }

    @Override
    protected Networks networks(RunContext ctx, Rng init, int side) {
        Options o = ctx.options();
        int latent = o.positiveInt("latent");
        Widths w = Widths.of(o.number("width"));
        Norm norm = discriminatorNorm(o.text("d-norm"), ctx.plan().step(), ctx.tricks());
        Module g = generator(latent, w, side, init);
        Module d = discriminator(w, norm, side, init);
        if (o.text("init").equals("dcgan")) {
            Init.dcgan(g, init);
            Init.dcgan(d, init);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("d_norm_used", norm.label());
        results.put("parameters_g", count(g));
        results.put("parameters_d", count(d));
        return new Networks(d, g, latent, o.text("z").equals("normal") ? Latent.NORMAL : Latent.UNIFORM, results);
    }

    /** G for {@code side}×{@code side} images (side a multiple of 4), with PyTorch's initialisation from {@code init}. */
    public static Module generator(int latent, Widths w, int side, Rng init) {
        int quarter = side / 4;
        int flat = w.c2() * quarter * quarter;
        return new Sequential(
                new Linear(latent, w.units(), false, init), new BatchNorm1d(w.units()), new ReLU(),
                new Linear(w.units(), flat, false, init), new BatchNorm1d(flat), new ReLU(),
                new Unflatten(w.c2(), quarter, quarter),
                new ConvTranspose2d(w.c2(), w.c1(), 4, 2, 1, 0, false, init), new BatchNorm2d(w.c1()), new ReLU(),
                new ConvTranspose2d(w.c1(), 1, 4, 2, 1, 0, true, init), new Sigmoid());
    }

    /** D for {@code side}×{@code side} images with normalisation {@code norm}, ending in a logit; PyTorch's initialisation. */
    public static Module discriminator(Widths w, Norm norm, int side, Rng init) {
        int quarter = side / 4;
        int flat = w.c2() * quarter * quarter;
        boolean bias = norm != Norm.BATCH; // a bias before batch norm is subtracted again
        List<Module> layers = new ArrayList<>(List.of(new Conv2d(1, w.c1(), 4, 2, 1, true, init), new LeakyReLU(0.2f),
                new Conv2d(w.c1(), w.c2(), 4, 2, 1, bias, init)));
        switch (norm) { // layer norm takes each sample's features flat: PyTorch's LayerNorm([c2, 7, 7])
            case BATCH -> layers.addAll(List.of(new BatchNorm2d(w.c2()), new Flatten()));
            case LAYER -> layers.addAll(List.of(new Flatten(), new LayerNorm(flat)));
            case NONE -> layers.add(new Flatten());
        }
        layers.addAll(List.of(new LeakyReLU(0.2f), new Linear(flat, w.units(), bias, init)));
        switch (norm) {
            case BATCH -> layers.add(new BatchNorm1d(w.units()));
            case LAYER -> layers.add(new LayerNorm(w.units()));
            case NONE -> { }
        }
        layers.addAll(List.of(new LeakyReLU(0.2f), new Linear(w.units(), 1, true, init)));
        return new Sequential(layers.toArray(Module[]::new));
    }

    private static long count(Module m) {
        return m.parameters().stream().mapToLong(p -> p.size()).sum();
    }

    @Override
    protected int[] batchShape(int n, int side) {
        return new int[] {n, 1, side, side};
    }
}
