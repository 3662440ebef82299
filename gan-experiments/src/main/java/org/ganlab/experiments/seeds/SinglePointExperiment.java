package org.ganlab.experiments.seeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
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
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * The article's single point: teach G = w·x + b (x ~ U(−1, 1)) to output the value 1 against a
 * 1→2→1 sigmoid D, with BCE. Each step is one D update on the sum of the mean real and fake losses,
 * then one G update through D. Success is w → 0 and b → 1.
 */
public final class SinglePointExperiment extends GanExperiment {

    static final Snapshot.Kind<Frame> FRAMES = new Snapshot.Kind<>("functions", Frame.class);
    static final float[] D_GRID = grid(-1.5f, 3f, 91);
    static final float[] G_GRID = grid(-1f, 1f, 21);

    /** D's function on a grid and G's line at one step: one frame of the animation. */
    record Frame(float[] d, float w, float b) {
    }

    @Override
    public String name() {
        return "single-point";
    }

    @Override
    public String description() {
        return "G = w*x + b learns to output 1 against a 1->2->1 D; BCE, Adam; success |w|<0.1, |b-1|<0.1";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 2000;
        b.batch = 32;
        b.lr(0.05);
        b.optimizer = OptimizerKind.ADAM;
        b.loss = "bce";
        b.snapshotEvery = 20;
        return b.build();
    }

    public SinglePointExperiment() {
        super(new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.JOINT));
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        Rng init = ctx.rng().split();
        Rng latent = ctx.rng().split();
        Rng tricks = ctx.rng().split();
        Sequential d = Nets.discriminatorPoint(init);
        Linear g = Nets.generatorPoint(init);
        GanTraining training = ctx.ganTraining(d, g, tricks);
        Tensor real = Tensor.ones(c.batch(), 1);
        Tensor dGrid = Tensor.of(D_GRID, D_GRID.length, 1);
        training.evaluate(() -> snapshot(ctx.log(), 0, d, g, dGrid));
        training.train(dSteps -> StepBatches.draw(dSteps, () -> real, () -> Tensor.uniform(latent, -1, 1, c.batch(), 1)),
                (batches, losses) -> parameters(g), step -> snapshot(ctx.log(), step, d, g, dGrid));
        return training.results(() -> new LinkedHashMap<>(parameters(g)));
    }

    /** G's w and b. */
    private static Map<String, Float> parameters(Linear g) {
        Map<String, Float> m = new LinkedHashMap<>();
        m.put("w", g.weight().item());
        m.put("b", g.bias().item());
        return m;
    }

    /** One animation frame; taken inside {@link GanTraining#evaluate}. */
    private static Void snapshot(RunLog log, int step, Sequential d, Linear g, Tensor dGrid) {
        log.snapshot(FRAMES, step, new Frame(d.forward(dGrid).toFloatArray(), g.weight().item(), g.bias().item()));
        return null;
    }

    /** |w| below threshold {@code w} and |b − 1| below threshold {@code b}. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.threshold("w", 0.1, (r, t) -> Math.abs(SuccessCriterion.number(r, "w")) < t),
                SuccessCriterion.threshold("b", 0.1, (r, t) -> Math.abs(SuccessCriterion.number(r, "b") - 1) < t));
    }

    private static float[] grid(float from, float to, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = from + (to - from) * i / (n - 1);
        }
        return g;
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        return SinglePointCharts.write(log, dir);
    }
}
