package org.ganlab.experiments.testing;

import java.nio.file.Path;
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
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * A test-classpath experiment, registered as a plug-in jar would register one: G = a·z + b learns
 * N(mean, 0.5²) against a D with a hidden layer that outputs a logit. It has options of its own.
 */
public final class Toy1dExperiment extends GanExperiment {

    static final Snapshot.Kind<float[]> SAMPLES = new Snapshot.Kind<>("samples", float[].class);

    public Toy1dExperiment() {
        super(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT));
    }

    @Override
    public String name() {
        return "toy-1d";
    }

    @Override
    public String description() {
        return "test only: G = a z + b learns N(mean, 0.5^2) against a logit D";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 200;
        b.batch = 16;
        b.lr(0.01);
        b.optimizer = OptimizerKind.ADAM;
        b.loss = "bce";
        b.snapshotEvery = 50;
        return b.build();
    }

    @Override
    public List<ExperimentOption> options() {
        return List.of(new ExperimentOption("mean", "2", "the real data's mean"),
                new ExperimentOption("hidden", "8", "D's hidden units"));
    }

    @Override
    public void validate(Options o, RunConfig config) {
        o.number("mean", -100, 100);
        o.positiveInt("hidden");
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        float mean = (float) ctx.options().number("mean");
        int hidden = ctx.options().positiveInt("hidden");
        Rng init = ctx.rng().split();
        Rng data = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Rng probe = ctx.rng().split();
        Rng display = ctx.rng().split();
        Sequential d = new Sequential(new Linear(1, hidden, true, init), new LeakyReLU(0.2f), new Linear(hidden, 1, true, init));
        Linear g = new Linear(1, 1, true, init);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        training.train(dSteps -> StepBatches.draw(dSteps, () -> Tensor.normal(data, mean, 0.5f, c.batch(), 1),
                () -> Tensor.normal(data, 0, 1, c.batch(), 1)), null,
                step -> ctx.log().snapshot(SAMPLES, step, g.forward(Tensor.normal(display, 0, 1, 8, 1)).toFloatArray()));
        return training.results(() -> {
            float[] samples = g.forward(Tensor.normal(probe, 0, 1, 256, 1)).toFloatArray();
            double m = 0;
            for (float s : samples) {
                m += s / samples.length;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sample_mean", (float) m);
            return r;
        });
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) {
        return List.of();
    }
}
