package org.ganlab.experiments.seeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.run.TrainingLoop;
import org.ganlab.tensor.Rng;

/**
 * Part I of the blog: one-parameter nodes with a hand-written update rule, no autograd. D outputs
 * {@code p_d·x} and learns real data x ~ U(0.9, 1.1) → 1 by {@code p_d += lr·error·x}; G outputs its
 * parameter {@code p_g} and learns to make D say 1 by {@code p_g += lr·error·1}, so G's output
 * settles where D says 1, near the real data.
 */
public final class NodesExperiment implements Experiment {

    @Override
    public String name() {
        return "nodes";
    }

    @Override
    public String description() {
        return "Part I: one-parameter D (p*x) and G (p), hand-written update p += lr*error*x";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 300;
        b.lr(0.05);
        return b.build();
    }

    @Override
    public Set<Flag> flags() {
        return EnumSet.of(Flag.SEED, Flag.STEPS, Flag.LR, Flag.OUT, Flag.QUIET);
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        Rng init = ctx.rng().split();
        Rng data = ctx.rng().split();
        float lr = (float) ctx.config().lrD();
        float[] p = {init.nextFloat(), init.nextFloat()}; // p_d, p_g
        TrainingLoop.run(ctx, step -> {
            float x = data.uniform(0.9f, 1.1f);
            float dError = 1f - p[0] * x;
            p[0] += lr * dError * x;
            float gError = 1f - p[0] * p[1];
            p[1] += lr * gError * 1f;
            Map<String, Float> m = new LinkedHashMap<>();
            m.put("d_error", dError);
            m.put("g_error", gError);
            m.put("d_param", p[0]);
            m.put("g_param", p[1]);
            return m;
        }, null, Map.of());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("d_param", p[0]);
        results.put("g_param", p[1]);
        return results;
    }

    /** G's parameter within {@code tolerance} of 1, the real data's centre. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.threshold("tolerance", 0.1,
                (r, t) -> Math.abs(SuccessCriterion.number(r, "g_param") - 1) < t));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        return List.of(
                Charts.metrics(log, dir, "errors.png", "Errors of D and G", "error",
                        "Errors: D's on real data (1 − p_d·x) and G's through D (1 − p_d·p_g) fall to 0.",
                        "d_error", "g_error"),
                Charts.metrics(log, dir, "params.png", "Parameters of D and G", "parameter",
                        "Parameters: G's p_g settles near 1, the real data's centre.", "d_param", "g_param"));
    }
}
