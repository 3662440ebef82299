package org.ganlab.experiments.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.Sizes;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.nn.LayerNorm;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.tensor.Rng;

/**
 * The seed series' image GAN (Part III of its plan), on Fashion-MNIST: fully connected G and D with
 * layer norm, sigmoid outputs, BCE, Adam, one image a step, D trained on the real image and on the
 * fake in two optimiser steps as the series does. Images are 28×28 with pixels in [0, 1].
 */
public final class FashionMlpExperiment extends ImageGanExperiment {

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
                + "training split shuffled by the run's own stream.", metricsHelp());
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
        List<ExperimentOption> all = new ArrayList<>(inputOptions());
        all.add(new ExperimentOption("latent", "100", "dimensions of G's input z ~ N(0, I)"));
        all.add(new ExperimentOption("hidden", "200", "units in G's and D's hidden layer"));
        all.addAll(sampleOptions());
        return all;
    }

    @Override
    public void validate(Options o, RunConfig config) {
        int latent = o.wholeNumber("latent", 1, 1 << 16);
        int hidden = o.wholeNumber("hidden", 1, 1 << 16);
        int samples = validateSamples(o);
        int pixels = Classifier.SIDE * Classifier.SIDE;
        Sizes.requireFits(this, config, new int[] {config.batch(), pixels}, new int[] {samples, latent},
                new int[] {GENERATE_BATCH, pixels});
        double weights = 4.0 * ((double) hidden * (latent + 2L * pixels + 8));
        Sizes.requireHeap(this, config, weights + (double) samples * (latent + pixels)
                + (double) config.batch() * (4L * pixels + 4L * hidden));
    }

    @Override
    protected Networks networks(RunContext ctx, Rng init, int side) {
        Options o = ctx.options();
        int latent = o.positiveInt("latent");
        int hidden = o.positiveInt("hidden");
        int pixels = side * side;
        Module g = new Sequential(new Linear(latent, hidden, true, init), new LeakyReLU(0.02f), new LayerNorm(hidden),
                new Linear(hidden, pixels, true, init), new Sigmoid());
        Module d = new Sequential(new Linear(ctx.discriminatorInputWidth(pixels), hidden, true, init),
                new LeakyReLU(0.02f), new LayerNorm(hidden), new Linear(hidden, 1, true, init), new Sigmoid());
        return new Networks(d, g, latent, Latent.NORMAL, Map.of());
    }

    @Override
    protected int[] batchShape(int n, int side) {
        return new int[] {n, side * side};
    }
}
