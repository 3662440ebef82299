package org.ganlab.experiments.dirac;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.Options;
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
import org.ganlab.tensor.Tensor;

/**
 * The Dirac-GAN (Mescheder, Geiger and Nowozin 2018, "Which training methods for GANs do actually
 * converge?"): real data is the point 0, G outputs its one parameter θ (a 1→1 linear layer without
 * bias fed z = 1), D is d(x) = ψx (a 1→1 linear layer without bias, a logit). The only equilibrium
 * is (θ, ψ) = (0, 0). D minimises its loss with real → 1 and fake → 0 (cross-entropy:
 * softplus(−d(0)) + softplus(d(θ))); G minimises −softplus(d(θ)) ({@code minimax}, the default: the
 * paper's zero-sum game), softplus(−d(θ)) ({@code bce}, {@code non-saturating}) or −d(θ)
 * ({@code wasserstein}, with L_D = d(θ) − d(0)).
 * {@code alternating}: the D step(s) first, then G's step through the updated D. The run trains with
 * the real step and tricks and, beside it, computes what {@link DiracTheory} predicts.
 */
public final class DiracExperiment extends GanExperiment {

    static final Snapshot.Kind<FieldSnapshot> FIELD = new Snapshot.Kind<>("field", FieldSnapshot.class);
    public static final String FIRST_BELOW = "first_step_radius_below_1e-3";
    public static final String PREDICTED_STEPS = "predicted_steps_to_1e-3";
    public static final String MEASURED_RATE = "measured_rate";
    public static final String LINEARISED_RATE = "linearised_rate";
    static final double CLOSE = 1e-3;

    public DiracExperiment() {
        super(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT));
    }

    @Override
    public String name() {
        return "dirac";
    }

    @Override
    public String description() {
        return "Dirac-GAN (Mescheder et al. 2018): data at 0, G = theta, D(x) = psi x logit; training vs theory";
    }

    @Override
    public List<String> helpText() {
        return List.of("Real data is the point 0; G outputs its parameter theta (a 1->1 linear layer without bias fed z = 1); "
                + "D is d(x) = psi x, a logit. The only equilibrium is (theta, psi) = (0, 0).",
                "D minimises its loss with real -> 1, fake -> 0: softplus(-d(0)) + softplus(d(theta)). G minimises "
                + "-softplus(d(theta)) with --loss minimax (the paper's zero-sum game, the default), softplus(-d(theta)) "
                + "with non-saturating (bce), or -d(theta) with wasserstein (then L_D = d(theta) - d(0)). alternating: "
                + "D's step(s) first, then G's step through the updated D; simultaneous: both from the same parameters.",
                "Records theta, psi and the radius sqrt(theta^2 + psi^2) every step; summary.json adds final_theta, "
                + "final_psi, final_radius, min_radius, max_radius, first_step_radius_below_1e-3 (counted from 1, after the "
                + "step's update; null if never), the theory's prediction (see 'gan dirac-theory --help') with "
                + "predicted_steps_to_1e-3 (its linearised step iterated from the start), and, over the steps with "
                + "1e-6 < radius < 0.1, measured_rate (the radius's per-step factor, a log-linear fit) beside "
                + "linearised_rate (the same fit on the linearised step iterated from the run's position there).");
    }

    @Override
    public RunConfig defaults() {
        RunConfig.Builder b = RunConfig.defaults(name());
        b.steps = 500;
        b.batch = 1;
        b.lr(0.2);
        b.loss = "minimax"; // the paper's zero-sum game
        return b.build();
    }

    @Override
    public Set<Flag> flags() {
        Set<Flag> flags = EnumSet.allOf(Flag.class);
        flags.remove(Flag.SNAPSHOT_EVERY); // the whole trajectory is recorded every step
        return flags;
    }

    @Override
    public List<ExperimentOption> options() {
        return List.of(new ExperimentOption("theta0", "1", "G's starting parameter theta"),
                new ExperimentOption("psi0", "1", "D's starting parameter psi"));
    }

    @Override
    public void validate(Options o, RunConfig config) {
        o.number("theta0", -1e3, 1e3);
        o.number("psi0", -1e3, 1e3);
    }

    /** G: θ·z, fed z = 1. */
    static Linear generator(float theta) {
        return new Linear(Tensor.of(new float[][] {{theta}}), null);
    }

    /** D: d(x) = ψ·x, a logit. */
    static Linear discriminator(float psi) {
        return new Linear(Tensor.of(new float[][] {{psi}}), null);
    }

    /**
     * For the pictures: where training started, the field over the plane [−extent, extent]², and the
     * theory's prediction.
     */
    record FieldSnapshot(double theta0, double psi0, double extent, double[][][] grid, DiracTheory.Prediction prediction) {
    }

    @Override
    public Map<String, Object> run(RunContext ctx) {
        RunConfig c = ctx.config();
        float theta0 = (float) ctx.options().number("theta0");
        float psi0 = (float) ctx.options().number("psi0");
        // The prediction depends on the config alone: made first, it stays in the results of a diverging run.
        DiracTheory theory = new DiracTheory(ctx.plan(), ctx.newTricks());
        DiracTheory.Prediction p = theory.predict();
        ctx.log().earlyResult("predicted", p.behaviour().label());
        ctx.log().earlyResult("predicted_rho", Double.isNaN(p.rho()) ? null : p.rho());
        ctx.log().earlyResult("jacobian", new float[] {(float) p.jacobian()[0][0], (float) p.jacobian()[0][1],
            (float) p.jacobian()[1][0], (float) p.jacobian()[1][1]});
        ctx.log().earlyResult(PREDICTED_STEPS, p.stepsWithin(theta0, psi0, CLOSE));

        Linear g = generator(theta0);
        Linear d = discriminator(psi0);
        GanTraining training = ctx.ganTraining(d, g, ctx.rng().split());
        Tensor real = Tensor.zeros(c.batch(), 1);
        Tensor z = Tensor.ones(c.batch(), 1);
        training.train(dSteps -> StepBatches.draw(dSteps, () -> real, () -> z), (batches, losses) -> position(g, d), null);

        double[] radius = ctx.log().column("radius");
        double extent = 1.5;
        for (String axis : List.of("theta", "psi")) {
            for (double v : ctx.log().column(axis)) {
                extent = Math.max(extent, Math.min(10, 1.1 * Math.abs(v)));
            }
        }
        extent = Math.max(extent, 1.1 * Math.max(Math.abs(theta0), Math.abs(psi0)));
        if (ctx.output().artifacts()) { // sweeps draw no pictures
            ctx.log().snapshot(FIELD, c.steps(), new FieldSnapshot(theta0, psi0, extent, grid(theory, extent), p));
        }

        return training.results(() -> {
            Map<String, Object> r = new LinkedHashMap<>();
            position(g, d).forEach((name, value) -> r.put("final_" + name, value));
            r.put("min_radius", (float) java.util.Arrays.stream(radius).min().orElse(Double.NaN));
            r.put("max_radius", (float) java.util.Arrays.stream(radius).max().orElse(Double.NaN));
            r.put(FIRST_BELOW, firstStepBelow(ctx.log().column("step"), radius));
            Optional<Agreement> a = Agreement.of(p, ctx.log().column("step"), ctx.log().column("theta"), ctx.log().column("psi"));
            r.put(MEASURED_RATE, a.map(Agreement::measuredRate).orElse(null));
            r.put(LINEARISED_RATE, a.map(Agreement::linearisedRate).orElse(null));
            r.putAll(ctx.log().earlyResults());
            return r;
        });
    }

    /** θ, ψ and the distance to the equilibrium after a step. */
    private static Map<String, Float> position(Linear g, Linear d) {
        float theta = g.weight().item();
        float psi = d.weight().item();
        Map<String, Float> m = new LinkedHashMap<>();
        m.put("theta", theta);
        m.put("psi", psi);
        m.put("radius", (float) Math.hypot(theta, psi));
        return m;
    }

    /** The first step (counted from 1, after its update) at which the radius is below 1e-3, or null. */
    static Integer firstStepBelow(double[] steps, double[] radius) {
        for (int i = 0; i < radius.length; i++) {
            if (radius[i] < CLOSE) {
                return (int) steps[i];
            }
        }
        return null;
    }

    /** The field at the points of a 15×15 grid over [−extent, extent]², [i][j] = (θ_i, ψ_j, v_θ, v_ψ). */
    private static double[][][] grid(DiracTheory theory, double extent) {
        int n = 15;
        double[][][] out = new double[n][n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double theta = -extent + 2 * extent * i / (n - 1);
                double psi = -extent + 2 * extent * j / (n - 1);
                double[] v = theory.field(theta, psi);
                out[i][j] = new double[] {theta, psi, v[0], v[1]};
            }
        }
        return out;
    }

    /** Converged: the final distance to the equilibrium (0, 0) below {@code radius}. */
    @Override
    public List<SuccessCriterion> success() {
        return List.of(SuccessCriterion.threshold("radius", CLOSE, (r, t) -> SuccessCriterion.number(r, "final_radius") < t));
    }

    @Override
    public List<Artifact> artifacts(RunLog log, Path dir) throws IOException {
        return DiracCharts.write(log, dir);
    }
}
