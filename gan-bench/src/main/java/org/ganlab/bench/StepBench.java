package org.ganlab.bench;

import java.util.concurrent.TimeUnit;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.images.FashionDcganExperiment;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.seeds.Nets;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.experiments.step.StepLosses;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.nn.BatchNorm1d;
import org.ganlab.nn.BatchNorm2d;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.ConvTranspose2d;
import org.ganlab.nn.Flatten;
import org.ganlab.nn.Init;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.LayerNorm;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.ReLU;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.nn.Tanh;
import org.ganlab.nn.Unflatten;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Whole training steps through the experiments' own {@link GanStep}: D on real, D on fakes, G
 * through D, with the optimiser steps. Inputs cycle through a pool made in setup, on both sides of
 * the PyTorch comparison ({@code bench/pytorch_reference.py}), so data generation is not timed.
 * <ul>
 *   <li>{@code pattern1010}: the blog's 1010 GAN, batch 1, MSE, SGD 0.01, two D steps and a G step;</li>
 *   <li>{@code singlePoint}: G = w·x + b against D 1→2→1, batch 32, BCE, Adam 0.05, one joint D step;</li>
 *   <li>{@code mlpGan}: G 2→128→128→2 and D 2→128→128→1, LeakyReLU(0.2), batch 512, BCE, Adam 2e-4;</li>
 *   <li>{@code fashionMlp}: the series' image GAN ({@code gan run fashion-mlp}): G 100 → 200 → LeakyReLU(0.02)
 *   → layer norm → 784 → sigmoid, D 784 → 200 → LeakyReLU(0.02) → layer norm → 1 → sigmoid, batch 1,
 *   BCE, Adam 1e-4, D on real and on fakes in two optimiser steps;</li>
 *   <li>{@code dcgan}: a DCGAN at 28×28 (the shapes of the image experiments): G z 100 → linear 128·7·7 →
 *   batch norm → ReLU → 128×7×7 → transposed convolution to 64×14×14 → batch norm → ReLU → transposed
 *   convolution to 1×28×28 → tanh; D 1×28×28 → convolution to 64×14×14 → LeakyReLU(0.2) → convolution
 *   to 128×7×7 → batch norm → LeakyReLU(0.2) → linear to a logit; 4×4 kernels, stride 2, padding 1, no
 *   bias before a batch norm; batch 64, BCE with logits, Adam 2e-4 (0.5, 0.999).</li>
 *   <li>{@code fashionDcgan}: {@code gan run fashion-dcgan}'s step at its defaults, Lucic et al.'s networks
 *   (G z 64 → 1024 → 128·7·7 → 64×14×14 → 1×28×28 with batch norm; D 1×28×28 → 64×14×14 → 128×7×7 → 1024 →
 *   a logit with batch norm), non-saturating loss, batch 64, Adam 2e-4 (0.5, 0.999).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepBench extends BackendBench {

    static final int POOL = 64;

    @Param({"pattern1010", "singlePoint", "mlpGan", "fashionMlp", "dcgan", "fashionDcgan"})
    public String step;

    /** 1: one thread (gan.cpu.threads=1); all: every core. */
    @Param({"1", "all"})
    public String threads;

    /** off: every step eager; on: the step recorded after a warm-up and replayed ({@code StepCapture}). */
    @Param({"off", "on"})
    public String capture;

    private GanStep ganStep;
    private StepBatches[] batches;
    private int next;

    @Setup
    public void setup() {
        useThreads(threads);
        selectBackend();
        Rng rng = new Rng(4);
        try (var scope = Backends.use(on)) {
            switch (step) {
                case "pattern1010" -> {
                    Module d = Nets.discriminator1010(rng);
                    Module g = Nets.generator1010(rng);
                    ganStep = seedStep(d, g, "mse", DiscriminatorUpdate.SEPARATE, OptimizerSpec.of(OptimizerKind.SGD, 0.01), rng);
                    pools(rng, 1, 4, 4);
                }
                case "singlePoint" -> {
                    Module d = Nets.discriminatorPoint(rng);
                    Module g = Nets.generatorPoint(rng);
                    ganStep = seedStep(d, g, "bce", DiscriminatorUpdate.JOINT, OptimizerSpec.of(OptimizerKind.ADAM, 0.05), rng);
                    pools(rng, 32, 1, 1);
                }
                case "mlpGan" -> {
                    Module g = new Sequential(new Linear(2, 128, true, rng), new LeakyReLU(0.2f),
                            new Linear(128, 128, true, rng), new LeakyReLU(0.2f), new Linear(128, 2, true, rng));
                    Module d = new Sequential(new Linear(2, 128, true, rng), new LeakyReLU(0.2f),
                            new Linear(128, 128, true, rng), new LeakyReLU(0.2f), new Linear(128, 1, true, rng),
                            new Sigmoid());
                    ganStep = seedStep(d, g, "bce", DiscriminatorUpdate.JOINT, OptimizerSpec.of(OptimizerKind.ADAM, 2e-4), rng);
                    pools(rng, 512, 2, 2);
                }
                case "fashionMlp" -> {
                    Module g = new Sequential(new Linear(100, 200, true, rng), new LeakyReLU(0.02f), new LayerNorm(200),
                            new Linear(200, 784, true, rng), new Sigmoid());
                    Module d = new Sequential(new Linear(784, 200, true, rng), new LeakyReLU(0.02f), new LayerNorm(200),
                            new Linear(200, 1, true, rng), new Sigmoid());
                    ganStep = seedStep(d, g, "bce", DiscriminatorUpdate.SEPARATE, OptimizerSpec.of(OptimizerKind.ADAM, 1e-4), rng);
                    pools(rng, 1, 784, 100);
                }
                case "dcgan" -> {
                    Module g = new Sequential(new Linear(100, 128 * 7 * 7, false, rng), new BatchNorm1d(128 * 7 * 7),
                            new ReLU(), new Unflatten(128, 7, 7), new ConvTranspose2d(128, 64, 4, 2, 1, 0, false, rng),
                            new BatchNorm2d(64), new ReLU(), new ConvTranspose2d(64, 1, 4, 2, 1, 0, true, rng), new Tanh());
                    Module d = new Sequential(new Conv2d(1, 64, 4, 2, 1, true, rng), new LeakyReLU(0.2f),
                            new Conv2d(64, 128, 4, 2, 1, false, rng), new BatchNorm2d(128), new LeakyReLU(0.2f),
                            new Flatten(), new Linear(128 * 7 * 7, 1, true, rng));
                    StepPlan plan = StepPlan.of(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT), GanLosses.get("bce"),
                            "bce", Order.ALTERNATING, 1, OptimizerSpec.of(OptimizerKind.ADAM, 2e-4, 0.5, 0.999),
                            OptimizerSpec.of(OptimizerKind.ADAM, 2e-4, 0.5, 0.999), java.util.List.of());
                    ganStep = new GanStep(d, g, plan, java.util.List.of(), Draws.of(rng), "on".equals(capture));
                    imagePools(rng, 64, 100);
                }
                case "fashionDcgan" -> {
                    FashionDcganExperiment.Widths w = FashionDcganExperiment.Widths.of(1);
                    Module g = FashionDcganExperiment.generator(64, w, 28, rng);
                    Module d = FashionDcganExperiment.discriminator(w, FashionDcganExperiment.Norm.BATCH, 28, rng);
                    Init.dcgan(g, rng);
                    Init.dcgan(d, rng);
                    StepPlan plan = StepPlan.of(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT),
                            GanLosses.get("non-saturating"), "non-saturating", Order.ALTERNATING, 1,
                            OptimizerSpec.of(OptimizerKind.ADAM, 2e-4, 0.5, 0.999),
                            OptimizerSpec.of(OptimizerKind.ADAM, 2e-4, 0.5, 0.999), java.util.List.of());
                    ganStep = new GanStep(d, g, plan, java.util.List.of(), Draws.of(rng), "on".equals(capture));
                    imagePools(rng, 64, 64);
                }
                default -> throw new IllegalArgumentException(step);
            }
        }
    }

    /** The seed networks' step: D ends in a sigmoid; both networks use the same optimiser settings. */
    private GanStep seedStep(Module d, Module g, String loss, DiscriminatorUpdate update, OptimizerSpec optimizer, Rng rng) {
        StepPlan plan = StepPlan.of(new GanSpec(DOutput.PROBABILITY, update), GanLosses.get(loss), loss, Order.ALTERNATING, 1,
                optimizer, optimizer, java.util.List.of());
        return new GanStep(d, g, plan, java.util.List.of(), Draws.of(rng), "on".equals(capture));
    }

    private void pools(Rng rng, int batch, int dataWidth, int latentWidth) {
        batches = new StepBatches[POOL];
        for (int i = 0; i < POOL; i++) {
            Tensor real = random(rng, batch, dataWidth);
            Tensor zD = random(rng, batch, latentWidth);
            batches[i] = new StepBatches(java.util.List.of(new StepBatches.DBatch(real, zD)), random(rng, batch, latentWidth));
        }
    }

    /** Real batches {@code [batch, 1, 28, 28]}; the D and G batches of latent vectors {@code [batch, latent]}. */
    private void imagePools(Rng rng, int batch, int latent) {
        batches = new StepBatches[POOL];
        for (int i = 0; i < POOL; i++) {
            Tensor real = random(rng, batch, 1, 28, 28);
            Tensor zD = random(rng, batch, latent);
            batches[i] = new StepBatches(java.util.List.of(new StepBatches.DBatch(real, zD)), random(rng, batch, latent));
        }
    }

    /** The step under test (for {@link StepFlops}). */
    GanStep ganStep() {
        return ganStep;
    }

    @Benchmark
    public StepLosses trainingStep() {
        int i = next++ & (POOL - 1);
        try (var scope = Backends.use(on); var stepMemory = MemoryScope.open()) {
            StepLosses l = ganStep.run(batches[i]);
            on.synchronize();
            return l;
        }
    }
}
