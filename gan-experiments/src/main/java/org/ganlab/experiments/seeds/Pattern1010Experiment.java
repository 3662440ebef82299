package org.ganlab.experiments.seeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.io.StripImage;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.run.GanExperiment;
import org.ganlab.experiments.run.GanTraining;
import org.ganlab.experiments.run.Results;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * Part II of the blog: G (4→4→4) learns to produce 1010 patterns from four U(0, 1) numbers against
 * D (4→3→1); sigmoid everywhere, no biases, MSE, SGD. Each step trains D on real (target 1), D on
 * G's detached output (target 0), then G through D (target 1) with only G updated. Snapshots draw
 * from their own random stream, so how often they are taken changes no result.
 */
public final class Pattern1010Experiment extends GanExperiment {

    static final Snapshot.Kind<float[]> STRIP = new Snapshot.Kind<>("generator", float[].class);

    public Pattern1010Experiment() {
        super(new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.SEPARATE));
    }

    @Override
    public String name() {
        return "pattern-1010";
    }

    @Override
    public String description() {
        return "Part II: G learns 1010 patterns against D; sigmoid, no bias, MSE, SGD, batch 1";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 10_000;
        b.snapshotEvery = 1000;
        return b.build();
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        Rng init = ctx.rng().split();
        Rng data = ctx.rng().split();
        Rng latent = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Rng probe = ctx.rng().split();
        Rng display = ctx.rng().split();
        Sequential d = Nets.discriminator1010(init);
        Sequential g = Nets.generator1010(init);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        Tensor target = Tensor.of(Patterns.MEAN_1010, 1, 4);
        training.train(dSteps -> {
            Tensor zG = Tensor.uniform(latent, 0, 1, c.batch(), 4);
            List<StepBatches.DBatch> dBatches = new ArrayList<>();
            for (int i = 0; i < dSteps; i++) {
                Tensor real = Patterns.noisy1010(data, c.batch(), false);
                dBatches.add(new StepBatches.DBatch(real, Tensor.uniform(latent, 0, 1, c.batch(), 4)));
            }
            return new StepBatches(dBatches, zG);
        }, (batches, losses) -> {
            try (var noGrad = GradMode.noGrad()) {
                Tensor diff = g.forward(batches.gLatent()).sub(target);
                return Map.of("g_error", diff.mul(diff).mean().item());
            }
        }, step -> ctx.log().snapshot(STRIP, step, g.forward(Tensor.uniform(display, 0, 1, 1, 4)).toFloatArray()));
        return training.results(() -> {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("mean_generator_output", Patterns.rowMean(g.forward(Tensor.uniform(probe, 0, 1, 100, 4))));
            results.put("d_loss", (float) ctx.log().last("d_loss"));
            results.put("g_error", (float) ctx.log().last("g_error"));
            return results;
        });
    }

    /** Mean G output (over 100 samples) within {@code tolerance} of [0.9, 0.1, 0.9, 0.1] in every position. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.threshold("tolerance", 0.1, (r, t) -> Patterns.within(
                Results.floats(r.get("mean_generator_output")), Patterns.MEAN_1010, (float) t)));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        StripImage.write(log.snapshots(STRIP).stream().map(s -> new StripImage.Row(s.step(), s.data())).toList(),
                dir.resolve("generator_strip.png"));
        return List.of(
                lossesChart(log, dir, "MSE",
                        "D's loss (mean of real and fake) settles near 0.25 when D can no longer tell; G's loss near it."),
                Charts.metrics(log, dir, "g_error.png", "G's error against the data's mean [0.9, 0.1, 0.9, 0.1]", "mean squared error",
                        "G's output approaches the 1010 pattern.", "g_error"),
                new Artifact("generator_strip.png", "G's output for a random input at every snapshot (white 1, black 0)."));
    }
}
