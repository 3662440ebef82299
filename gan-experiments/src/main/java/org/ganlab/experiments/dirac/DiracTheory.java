package org.ganlab.experiments.dirac;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.complex.Complex;
import org.ganlab.autograd.Autograd;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.step.Trick.Gradients;
import org.ganlab.nn.Linear;
import org.ganlab.tensor.Tensor;

/**
 * What the theory predicts for a Dirac-GAN config (Mescheder, Geiger and Nowozin 2018): the Jacobian
 * J of the gradient vector field v(θ, ψ) = −(∇_θ L_G, ∇_ψ L_D + decay) at the equilibrium (0, 0),
 * taken by differentiating gan-lab's own gradients once more (double backward through the real
 * step, losses and tricks), and the linearised update of plain gradient descent with step sizes
 * h_G, h_D: {@code I + H J} for simultaneous updates, {@code A_G · A_D^n} for alternating ones
 * (n D steps, each moving ψ with θ fixed, then θ through the updated ψ). Its spectral radius ρ says
 * whether the iterates converge (ρ < 1, the radius shrinking by about ρ a step), cycle (ρ = 1) or
 * diverge (ρ > 1) near the equilibrium.
 *
 * <p>Noise (instance noise, G's weight noise, the gradient penalty's interpolation) enters as its
 * expectation: {@link QuantileDraws} on a batch of {@value #BATCH} identical examples, averaged over
 * {@value #EVALUATIONS} evaluations. Weight clipping acts outside the field (a projection, inactive
 * near the equilibrium); an EMA of G changes no update.
 */
public final class DiracTheory {

    static final int BATCH = 256;
    static final int EVALUATIONS = 64;
    /** Spectral radii within this of 1 count as 1 (the float32 Jacobian's rounding). */
    static final double TOLERANCE = 1e-6;

    /** What the linearisation says the iterates do near the equilibrium. */
    public enum Behaviour {
        CONVERGES, CYCLES, DIVERGES,
        /** The field is not differentiable at the equilibrium (WGAN-GP's ‖∇d‖ at ψ = 0, say). */
        UNDEFINED,
        /** Not plain gradient descent (momentum, Adam, RMSprop): outside this linearisation. */
        NOT_PREDICTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * @param jacobian J[i][j] = ∂v_i/∂x_j, x = (θ, ψ)
     * @param update the linearised update of one training step (null when not predicted)
     * @param rho the update's spectral radius (NaN when not predicted)
     */
    public record Prediction(double[][] jacobian, Complex[] fieldEigenvalues, double[][] update,
            Complex[] updateEigenvalues, double rho, Behaviour behaviour) {

        /** Iterations of the linearised step after which {@link #stepsWithin} gives up. */
        static final int MAX_STEPS = 10_000_000;

        /**
         * The distance to (0, 0) after each of {@code steps} linearised steps from (θ, ψ): element k − 1
         * is ‖Mᵏ x‖. It follows ρᵏ only where M has two eigenvectors; at a double eigenvalue without
         * them (a Jordan block) it shrinks like k·ρᵏ.
         */
        public double[] radii(double theta, double psi, int steps) {
            double[] r = new double[steps];
            double x = theta;
            double y = psi;
            for (int k = 0; k < steps; k++) {
                double nx = update[0][0] * x + update[0][1] * y;
                y = update[1][0] * x + update[1][1] * y;
                x = nx;
                r[k] = Math.hypot(x, y);
            }
            return r;
        }

        /**
         * The first step (counted from 1) after which the linearised step, iterated from (θ, ψ), is
         * within {@code radius} of (0, 0); null when it converges too slowly or not at all.
         */
        public Integer stepsWithin(double theta, double psi, double radius) {
            if (behaviour != Behaviour.CONVERGES) {
                return null;
            }
            double x = theta;
            double y = psi;
            for (int k = 1; k <= MAX_STEPS; k++) {
                double nx = update[0][0] * x + update[0][1] * y;
                y = update[1][0] * x + update[1][1] * y;
                x = nx;
                if (Math.hypot(x, y) < radius) {
                    return k;
                }
            }
            return null;
        }

        /**
         * Whether the linearised step has a double eigenvalue with one eigenvector (a Jordan block, as
         * R1 with γ = 1 gives): then the distance shrinks like k·ρᵏ, and ρ alone overstates the speed.
         */
        public boolean defective() {
            if (update == null) {
                return false;
            }
            Complex mu = updateEigenvalues[0];
            double scale = Math.max(1, mu.abs());
            if (mu.subtract(updateEigenvalues[1]).abs() > 1e-6 * scale) {
                return false;
            }
            double offDiagonal = Math.abs(update[0][1]) + Math.abs(update[1][0]) + Math.abs(update[0][0] - update[1][1]);
            return offDiagonal > 1e-9 * scale;
        }
    }

    private final RunConfig config;
    private final StepPlan plan;
    private final double theta0;
    private final double psi0;
    private final List<Trick> tricks;
    private final Linear g;
    private final Linear d;
    private final GanStep step;
    private final Tensor real = Tensor.zeros(BATCH, 1);
    private final Tensor latent = Tensor.ones(BATCH, 1);

    /** @param tricks the plan's tricks, made anew for the theory if training uses the plan's own (they attach to its networks) */
    public DiracTheory(RunPlan runPlan, List<Trick> tricks) {
        this.config = runPlan.config();
        this.plan = runPlan.step();
        this.theta0 = runPlan.options().number("theta0");
        this.psi0 = runPlan.options().number("psi0");
        this.tricks = tricks;
        this.g = DiracExperiment.generator(0f);
        this.d = DiracExperiment.discriminator(0f);
        this.step = new GanStep(d, g, plan, tricks, new QuantileDraws());
    }

    private Tensor theta() {
        return g.weight();
    }

    private Tensor psi() {
        return d.weight();
    }

    private void moveTo(double theta, double psi) {
        try (var noGrad = GradMode.noGrad()) {
            theta().assign(Tensor.of(new float[] {(float) theta}, 1, 1));
            psi().assign(Tensor.of(new float[] {(float) psi}, 1, 1));
        }
    }

    /** v = −(∇_θ L_G, ∇_ψ L_D), each optimiser's weight decay included, from one evaluation of the step. */
    private Tensor[] velocity(boolean createGraph) {
        Gradients grads = step.lossesAndGradients(real, latent, createGraph).gradients();
        Tensor vTheta = grads.g().get(0).add(theta().mul((float) plan.gOptimizer().weightDecay())).neg();
        Tensor vPsi = grads.d().get(0).add(psi().mul((float) plan.dOptimizer().weightDecay())).neg();
        return new Tensor[] {vTheta, vPsi};
    }

    /** The field v at (θ, ψ), as training's update direction (averaged over the noise): for pictures. */
    public double[] field(double theta, double psi) {
        moveTo(theta, psi);
        double[] v = new double[2];
        int n = EVALUATIONS / 8;
        for (int e = 0; e < n; e++) {
            Tensor[] ve = velocity(false);
            v[0] += ve[0].item() / n;
            v[1] += ve[1].item() / n;
        }
        return v;
    }

    public Prediction predict() {
        moveTo(0, 0);
        double[][] j = new double[2][2];
        List<Tensor> x = List.of(theta(), psi());
        for (int e = 0; e < EVALUATIONS; e++) {
            Tensor[] v = velocity(true);
            for (int i = 0; i < 2; i++) {
                List<Tensor> row = Autograd.grad(List.of(v[i]), x, null, false, true);
                for (int k = 0; k < 2; k++) {
                    j[i][k] += (row.get(k) == null ? 0 : row.get(k).item()) / EVALUATIONS;
                }
            }
        }
        Complex[] fieldEigenvalues = eigenvalues(j);
        boolean finite = Double.isFinite(j[0][0] + j[0][1] + j[1][0] + j[1][1]);
        boolean plainGradientDescent = plan.dOptimizer().kind() == OptimizerKind.SGD
                && plan.gOptimizer().kind() == OptimizerKind.SGD && plan.dOptimizer().beta1() == 0
                && plan.gOptimizer().beta1() == 0;
        if (!finite || !plainGradientDescent) {
            return new Prediction(j, fieldEigenvalues, null, null, Double.NaN,
                    finite ? Behaviour.NOT_PREDICTED : Behaviour.UNDEFINED);
        }
        double[][] m = update(j, config.lrG(), config.lrD(), config.order(), config.dSteps());
        Complex[] mu = eigenvalues(m);
        double rho = Math.max(mu[0].abs(), mu[1].abs());
        Behaviour b = rho < 1 - TOLERANCE ? Behaviour.CONVERGES : rho <= 1 + TOLERANCE ? Behaviour.CYCLES : Behaviour.DIVERGES;
        return new Prediction(j, fieldEigenvalues, m, mu, rho, b);
    }

    /** The linearised training step x' = M x of gradient descent on the field with Jacobian j. */
    static double[][] update(double[][] j, double hG, double hD, Order order, int dSteps) {
        if (order == Order.SIMULTANEOUS) {
            return new double[][] {{1 + hG * j[0][0], hG * j[0][1]}, {hD * j[1][0], 1 + hD * j[1][1]}};
        }
        double[][] dStep = {{1, 0}, {hD * j[1][0], 1 + hD * j[1][1]}};
        double[][] dPart = {{1, 0}, {0, 1}};
        for (int i = 0; i < dSteps; i++) {
            dPart = times(dStep, dPart);
        }
        double[][] gStep = {{1 + hG * j[0][0], hG * j[0][1]}, {0, 1}};
        return times(gStep, dPart);
    }

    static double[][] times(double[][] a, double[][] b) {
        return new double[][] {
            {a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]},
            {a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]}};
    }

    /** The two eigenvalues of a 2×2 matrix: (tr ± √(tr² − 4 det)) / 2. */
    static Complex[] eigenvalues(double[][] m) {
        double trace = m[0][0] + m[1][1];
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        Complex root = new Complex(trace * trace - 4 * det).sqrt();
        return new Complex[] {root.add(trace).divide(2), root.negate().add(trace).divide(2)};
    }

    /** The prediction as text, for {@code gan dirac-theory} and the report. */
    public String describe(Prediction p) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Dirac-GAN: loss %s, order %s, d-steps %d, lr D %s / G %s, optimizer %s, tricks %s%n",
                config.loss(), config.order().cliName(), config.dSteps(), config.lrD(), config.lrG(),
                config.optimizer().cliName(), tricks.isEmpty() ? "none" : tricks.stream().map(t -> t.name() + t.settings())
                        .toList()));
        s.append("Jacobian of the gradient field v = -(dL_G/dtheta, dL_D/dpsi) at the equilibrium (0, 0), by double backward:\n");
        s.append(matrix(p.jacobian()));
        s.append("  its eigenvalues (continuous time): ").append(complex(p.fieldEigenvalues())).append('\n');
        if (p.update() != null) {
            s.append(String.format(Locale.ROOT, "Linearised %s step of gradient descent (h_G %s, h_D %s):%n",
                    config.order().cliName(), config.lrG(), config.lrD()));
            s.append(matrix(p.update()));
            s.append("  its eigenvalues: ").append(complex(p.updateEigenvalues()))
                    .append(String.format(Locale.ROOT, "; spectral radius %.6f%n", p.rho()));
        }
        s.append("Prediction: ").append(p.behaviour().label()).append(switch (p.behaviour()) {
            case CONVERGES -> converges(p);
            case CYCLES -> ": the linearisation neither shrinks nor grows the distance to (0, 0)";
            case DIVERGES -> String.format(Locale.ROOT, ": the distance to (0, 0) grows by about %.4f a step", p.rho());
            case UNDEFINED -> ": the field is not differentiable at the equilibrium (no linearisation there)";
            case NOT_PREDICTED -> ": the linearisation covers plain gradient descent (--optimizer sgd, no momentum)";
        }).append('\n');
        return s.toString();
    }

    /**
     * The rate, and the steps the linearised step itself takes from the run's start to within 1e-3 of
     * (0, 0), as {@code first_step_radius_below_1e-3} counts them.
     */
    private String converges(Prediction p) {
        Integer steps = p.stepsWithin(theta0, psi0, DiracExperiment.CLOSE);
        String s = String.format(Locale.ROOT, ": the distance to (0, 0) shrinks by about %.4f a step", p.rho());
        if (p.defective()) {
            s += " (a double eigenvalue with one eigenvector: near (0, 0) the distance shrinks like k*rho^k, slower than "
                    + "rho^k)";
        }
        String start = String.format(Locale.ROOT, "(%s, %s)", number(theta0), number(psi0));
        return s + (steps == null ? "" : String.format(Locale.ROOT, "; the linearised step, iterated from the start %s, "
                + "comes within 1e-3 of it after %d steps (the field is linear only near (0, 0): from farther out a run's "
                + "count can differ)", start, steps));
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String matrix(double[][] m) {
        return String.format(Locale.ROOT, "  [ %10.6f  %10.6f ]%n  [ %10.6f  %10.6f ]%n", m[0][0], m[0][1], m[1][0], m[1][1]);
    }

    private static String complex(Complex[] z) {
        return String.join(", ", java.util.Arrays.stream(z).map(c -> String.format(Locale.ROOT, "%.6f %s %.6fi", c.getReal(),
                c.getImaginary() < 0 ? "-" : "+", Math.abs(c.getImaginary()))).toList());
    }
}
