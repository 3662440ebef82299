package org.ganlab.experiments.dirac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.cli.RunOptionsAccess;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.dirac.DiracTheory.Behaviour;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.testing.Outputs;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.experiments.wiring.Gan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dirac-GAN results of Mescheder, Geiger and Nowozin (2018), each asserted twice: through a real
 * training run of {@code gan run dirac}, and through the eigenvalues the framework computes with
 * double backward ({@link DiracTheory}). The default game is the paper's zero-sum one (minimax),
 * plain SGD with step size h = 0.2 from (θ, ψ) = (1, 1).
 */
class DiracTest {

    static final Gan GAN = new Gan();
    static final DiracExperiment DIRAC = (DiracExperiment) GAN.get(Experiments.class).get("dirac");

    @TempDir
    Path out;

    RunRecord run(String... flags) throws IOException {
        RunRecord r = GAN.run(config(flags), Outputs.noPictures(out));
        assertEquals(RunRecord.Status.COMPLETED, r.status(), String.join(" ", flags));
        return r;
    }

    static RunConfig config(String... flags) {
        return RunOptionsAccess.config(DIRAC, GAN.get(Tricks.class), flags);
    }

    static RunPlan plan(String... flags) {
        return RunOptionsAccess.plan(DIRAC, GAN.get(Tricks.class), flags);
    }

    static DiracTheory.Prediction theory(String... flags) {
        RunPlan plan = plan(flags);
        try (var scope = Backends.use(Backends.get("cpu"))) {
            return new DiracTheory(plan, plan.tricks()).predict();
        }
    }

    static double number(RunRecord r, String key) {
        return ((Number) r.results().get(key)).doubleValue();
    }

    static double[] radii(RunRecord r) {
        return r.log().column("radius");
    }

    static void assertEigenvalues(Complex[] actual, Complex... expected) {
        List<Complex> a = new ArrayList<>(Arrays.asList(actual));
        for (Complex e : expected) {
            Complex closest = a.stream().min((x, y) -> Double.compare(x.subtract(e).abs(), y.subtract(e).abs())).orElseThrow();
            assertTrue(closest.subtract(e).abs() < 1e-5, "eigenvalue " + e + " in " + Arrays.toString(actual));
            a.remove(closest);
        }
    }

    @Test
    void unregularisedSimultaneousGradientDescentSpiralsOut() throws IOException {
        RunRecord r = run("--order", "simultaneous");
        double[] radius = radii(r);
        assertTrue(radius[0] > Math.sqrt(2), "the first step already moves away from (0, 0)");
        for (int i = 1; i < radius.length; i++) {
            assertTrue(radius[i] >= radius[i - 1], "the radius never decreases: step " + (i + 1));
        }
        DiracTheory.Prediction p = theory("--order", "simultaneous");
        assertEigenvalues(p.fieldEigenvalues(), new Complex(0, 0.5), new Complex(0, -0.5));
        assertEquals(Behaviour.DIVERGES, p.behaviour());
        assertEquals(Math.sqrt(1 + 0.2 * 0.2 / 4), p.rho(), 1e-6, "|1 + h·i/2|");
    }

    @Test
    void alternatingGradientDescentStaysOnABoundedOrbitAndDoesNotConverge() throws IOException {
        RunRecord r = run();
        assertTrue(number(r, "min_radius") > 1.2 && number(r, "max_radius") < 1.5,
                "radius between " + number(r, "min_radius") + " and " + number(r, "max_radius"));
        assertNull(r.results().get(DiracExperiment.FIRST_BELOW));
        DiracTheory.Prediction p = theory();
        assertEigenvalues(p.fieldEigenvalues(), new Complex(0, 0.5), new Complex(0, -0.5));
        assertEquals(Behaviour.CYCLES, p.behaviour());
        assertEquals(1, p.rho(), 1e-9, "the alternating step's linearisation has determinant 1 and both eigenvalues on the unit circle");
    }

    /** −γ/2 ± √(γ²/4 − f′(0)²) with f′(0) = 1/2: complex below γ = 1, a double eigenvalue at it, real above. */
    @Test
    void r1AndR2ConvergeWithTheEigenvaluesOfThePaper() throws IOException {
        for (double gamma : new double[] {0.3, 1, 3}) {
            Complex root = new Complex(gamma * gamma / 4 - 0.25).sqrt();
            Complex[] expected = {root.subtract(gamma / 2), root.negate().subtract(gamma / 2)};
            for (String penalty : List.of("r1", "r2")) {
                String trick = penalty + ":gamma=" + gamma;
                DiracTheory.Prediction p = theory("--trick", trick);
                assertEigenvalues(p.fieldEigenvalues(), expected);
                assertEquals(Behaviour.CONVERGES, p.behaviour(), trick);
                RunRecord r = run("--trick", trick, "--steps", "1000");
                assertNotNull(r.results().get(DiracExperiment.FIRST_BELOW), trick + " reaches 1e-3 of the equilibrium");
                assertTrue(number(r, "final_radius") < 1e-3, trick);
            }
        }
    }

    @Test
    void consensusOptimisationAndInstanceNoiseConvergeForSmallSteps() throws IOException {
        DiracTheory.Prediction consensus = theory("--order", "simultaneous", "--trick", "consensus:gamma=1", "--lr", "0.05");
        assertEquals(Behaviour.CONVERGES, consensus.behaviour());
        assertTrue(Arrays.stream(consensus.fieldEigenvalues()).allMatch(z -> z.getReal() < 0), "damped");
        RunRecord c = run("--order", "simultaneous", "--trick", "consensus:gamma=1", "--lr", "0.05", "--steps", "2000");
        assertTrue(number(c, "final_radius") < 1e-3, "consensus: " + number(c, "final_radius"));

        String[] noise = {"--trick", "instance-noise:sigma=1", "--batch", "256", "--lr", "0.05", "--steps", "2000"};
        DiracTheory.Prediction p = theory(noise);
        assertEquals(Behaviour.CONVERGES, p.behaviour());
        assertTrue(Arrays.stream(p.fieldEigenvalues()).allMatch(z -> z.getReal() < 0), "damped");
        RunRecord r = run(noise);
        assertNotNull(r.results().get(DiracExperiment.FIRST_BELOW), "instance noise comes within 1e-3 (its own noise then jitters it)");
    }

    @Test
    void wganWithClippingAndWganGpDoNotConvergeForAFixedStepSize() throws IOException {
        String[] clipped = {"--loss", "wasserstein", "--trick", "weight-clipping:c=0.5", "--steps", "1000"};
        DiracTheory.Prediction p = theory(clipped);
        assertEigenvalues(p.fieldEigenvalues(), new Complex(0, 1), new Complex(0, -1));
        assertEquals(Behaviour.CYCLES, p.behaviour());
        RunRecord r = run(clipped);
        assertNull(r.results().get(DiracExperiment.FIRST_BELOW));
        assertTrue(number(r, "final_radius") > 0.1, "clipped WGAN: " + number(r, "final_radius"));

        String[] gp = {"--loss", "wasserstein", "--trick", "gradient-penalty:lambda=1", "--lr", "0.05", "--steps", "1000"};
        assertEquals(Behaviour.UNDEFINED, theory(gp).behaviour(), "‖∇d‖ = |ψ| has a kink at the equilibrium");
        RunRecord g = run(gp);
        assertNull(g.results().get(DiracExperiment.FIRST_BELOW));
        assertTrue(number(g, "final_radius") > 0.1, "WGAN-GP: " + number(g, "final_radius"));
    }

    @Test
    void theTheoryFollowsTheOptimiserAndTheArticlesTricks() {
        // D weight decay λ adds −λψ to D's field: on the Dirac-GAN exactly R1 with γ = λ (∇ₓ d = ψ).
        assertEigenvalues(theory("--trick", "weight-decay:value=1").fieldEigenvalues(), theory("--trick", "r1:gamma=1")
                .fieldEigenvalues());
        // Real data sit at x = 0, where d(x) = ψx has no gradient in ψ: smoothing the real target changes nothing.
        assertEquals(theory().jacobian()[1][0], theory("--trick", "label-smoothing:one-sided=true").jacobian()[1][0], 1e-7);
        assertEquals(-0.4, theory("--trick", "label-smoothing:eps=0.1").jacobian()[1][0], 1e-6, "fake target 0.1: (0.5 − 0.1)");
        // G's weight noise is noise on D's fakes here: it damps, by σ²/4.
        assertEquals(-0.25, theory("--trick", "weight-noise:sigma=1").jacobian()[1][1], 0.01);
        assertEquals(Behaviour.NOT_PREDICTED, theory("--optimizer", "adam").behaviour());
        assertEquals(Behaviour.NOT_PREDICTED, theory("--beta1", "0.9").behaviour(), "SGD with momentum");
    }

    @Test
    void theRunRecordsWhatTheIssueAsksAndDrawsThePictures() throws IOException {
        RunRecord r = GAN.run(config("--trick", "r1:gamma=1"), Outputs.quiet(out));
        for (String key : List.of("final_theta", "final_psi", "final_radius", "min_radius", "max_radius",
                DiracExperiment.FIRST_BELOW, "predicted", "predicted_rho", "jacobian")) {
            assertTrue(r.results().containsKey(key), key);
        }
        assertTrue(Files.size(r.dir().resolve("trajectory.png")) > 0 && Files.size(r.dir().resolve("radius.png")) > 0);
        assertEquals(Math.hypot(number(r, "final_theta"), number(r, "final_psi")), number(r, "final_radius"), 1e-6);
        GanCliTest.Result cli = GanCliTest.gan("dirac-theory", "--trick", "r1:gamma=1");
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(cli.out().contains("[  -0.500000   -1.000000 ]") && cli.out().contains("Prediction: converges"), cli.out());
        String help = GanCliTest.gan("run", "dirac", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("softplus(-d(0)) + softplus(d (theta))") || help.contains("softplus(-d(0)) + softplus(d(theta))"),
                "the conventions are in --help: " + help);
        assertTrue(help.contains("alternating: D's step") && help.contains("zero-sum game, the default"), help);
        GanCliTest.Result bad = GanCliTest.gan("dirac-theory", "--trick", "consensus");
        assertEquals(2, bad.exit());
        assertEquals("gan dirac-theory: --trick consensus needs --order simultaneous: it corrects the two players' "
                + "gradients taken at the same parameters", bad.err().strip());
    }
}
