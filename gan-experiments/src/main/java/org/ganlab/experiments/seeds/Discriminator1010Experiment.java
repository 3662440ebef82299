package org.ganlab.experiments.seeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLoss;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.RunContext;
import org.ganlab.experiments.run.RunLog;
import org.ganlab.experiments.run.SuccessCriterion;
import org.ganlab.experiments.run.TrainingLoop;
import org.ganlab.nn.Sequential;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/** The blog's check that D alone can learn: noisy 1010 patterns → 1, noisy 0101 patterns → 0. */
public final class Discriminator1010Experiment implements Experiment {

    @Override
    public String name() {
        return "discriminator-1010";
    }

    @Override
    public String description() {
        return "D alone (4->3->1, sigmoid, no bias) learns 1010 -> 1 and 0101 -> 0";
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 10_000;
        return b.build();
    }

    @Override
    public Set<Flag> flags() {
        return EnumSet.of(Flag.SEED, Flag.STEPS, Flag.BATCH, Flag.LR, Flag.OPTIMIZER, Flag.BETA1, Flag.BETA2, Flag.LOSS,
                Flag.BACKEND, Flag.OUT, Flag.QUIET);
    }

    @Override
    public void validate(Options options, RunConfig c) {
        if (!c.loss().equals("mse") && !c.loss().equals("bce")) {
            throw new IllegalArgumentException("--loss for " + name() + " must be mse or bce (D alone has no generator), got "
                    + c.loss());
        }
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        Rng init = ctx.rng().split();
        Rng data = ctx.rng().split();
        Sequential d = Nets.discriminator1010(init);
        Optimizer opt = ctx.plan().dOptimizer().create(d.parameters());
        GanLoss loss = GanLosses.get(c.loss());
        TrainingLoop.run(ctx, step -> {
            opt.zeroGrad();
            Tensor real = loss.real(d.forward(Patterns.noisy1010(data, c.batch(), false)), 1f, DOutput.PROBABILITY);
            real.backward();
            opt.step();
            opt.zeroGrad();
            Tensor fake = loss.fake(d.forward(Patterns.noisy1010(data, c.batch(), true)), 0f, DOutput.PROBABILITY);
            fake.backward();
            opt.step();
            Map<String, Float> m = new LinkedHashMap<>();
            m.put("d_loss_1010", real.item());
            m.put("d_loss_0101", fake.item());
            return m;
        }, null, Map.of("D", d));
        Rng probe = ctx.rng().split();
        Map<String, Object> results = new LinkedHashMap<>();
        try (var noGrad = GradMode.noGrad()) {
            results.put("d_on_1010", d.forward(Patterns.noisy1010(probe, 100, false)).mean().item());
            results.put("d_on_0101", d.forward(Patterns.noisy1010(probe, 100, true)).mean().item());
        }
        return results;
    }

    /** D above {@code real} on 1010 and below {@code fake} on 0101. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.threshold("real", 0.9, (r, t) -> SuccessCriterion.number(r, "d_on_1010") > t),
                SuccessCriterion.threshold("fake", 0.1, (r, t) -> SuccessCriterion.number(r, "d_on_0101") < t));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        return List.of(Charts.metrics(log, dir, "losses.png", "D's loss on each pattern", "loss",
                "D's loss on 1010 (target 1) and on 0101 (target 0) falls as D learns to tell them apart.",
                "d_loss_1010", "d_loss_0101"));
    }
}
