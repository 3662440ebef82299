package org.ganlab.experiments.tricks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.config.TrickSpec;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.StepPlan.Targets;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.step.Trick.DiscriminatorPass;
import org.ganlab.experiments.step.Trick.Input;
import org.ganlab.experiments.wiring.Gan;
import org.ganlab.loss.BceLoss;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Each trick's mechanism, through the real step, and the combinations each one refuses. */
class TricksTest {

    static final Tricks TRICKS = new Gan().get(Tricks.class);

    static List<Trick> tricks(String... specs) {
        List<TrickSpec> parsed = new ArrayList<>();
        for (String s : specs) {
            parsed.add(TrickSpec.parse(s));
        }
        return TRICKS.create(parsed);
    }

    static Sequential discriminator(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(1, 2, true, rng), new Sigmoid(), new Linear(2, 1, true, rng), new Sigmoid());
    }

    /** The kind of step a test asks for, before any trick. */
    record Settings(String loss, DOutput output, DiscriminatorUpdate update, Order order) {
        StepPlan plan(OptimizerSpec d, OptimizerSpec g, List<Trick> tricks) {
            return StepPlan.of(new GanSpec(output, update), GanLosses.get(loss), loss, order, 1, d, g, tricks);
        }
    }

    static final Settings BCE = new Settings("bce", DOutput.PROBABILITY, DiscriminatorUpdate.JOINT, Order.ALTERNATING);

    static GanStep step(Module d, Module g, List<Trick> tricks, double lr) {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, lr);
        return new GanStep(d, g, BCE.plan(sgd, sgd, tricks), tricks, Draws.of(new Rng(9)));
    }

    /** A 2 → 1 linear D without bias: ∇ₓ d(x) = w for every x, so the penalties have closed forms. */
    static Linear linearCritic(float w0, float w1) {
        return new Linear(Tensor.of(new float[][] {{w0, w1}}), null);
    }

    @Test
    void labelSmoothingMovesDsTargetsAndComposesWithOtherTricks() {
        Module d = discriminator(1);
        Module g = new Linear(1, 1, true, new Rng(2));
        assertEquals(new Targets(0.9f, 0.1f), step(d, g, tricks("label-smoothing"), 0.1).plan().targets());
        assertEquals(new Targets(0.8f, 0f), step(d, g, tricks("label-smoothing:eps=0.2,one-sided=true"), 0.1).plan().targets());
        StepPlan both = step(d, g, tricks("label-smoothing", "example-weighting:real=2,fake=0.5"), 0.1).plan();
        assertEquals(new Targets(0.9f, 0.1f), both.targets());
        assertEquals(new StepPlan.LossWeights(2f, 0.5f), both.weights());
    }

    /** With SGD a D step moves D by −lr·gradient; weights real=2, fake=0 must make that 2× the real loss's gradient. */
    @Test
    void exampleWeightingScalesDsGradient() {
        Module d = discriminator(3);
        Module reference = discriminator(3);
        Module g = new Linear(1, 1, true, new Rng(4));
        Tensor real = Tensor.ones(8, 1);
        Tensor z = Tensor.uniform(new Rng(5), -1, 1, 8, 1);
        new BceLoss().apply(reference.forward(real), 1f).mul(2f).backward();
        List<float[]> expected = sgdStep(reference, 0.1f);
        step(d, g, tricks("example-weighting:real=2,fake=0"), 0.1).discriminatorStep(real, z);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), d.parameters().get(i).toFloatArray(), 1e-6f, "D parameter " + i);
        }
    }

    /** Each parameter minus lr times its gradient. */
    static List<float[]> sgdStep(Module m, float lr) {
        List<float[]> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            float[] v = p.toFloatArray();
            float[] grad = p.grad().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] -= lr * grad[i];
            }
            out.add(v);
        }
        return out;
    }

    @Test
    void weightDecayChangesOnlyDsOptimiser() {
        Module d = discriminator(1);
        Module g = new Linear(1, 1, true, new Rng(2));
        OptimizerSpec adam = OptimizerSpec.of(OptimizerKind.ADAM, 0.05);
        List<Trick> decay = tricks("weight-decay");
        GanStep l2 = new GanStep(d, g, BCE.plan(adam, adam, decay), decay, Draws.of(new Rng(1)));
        assertInstanceOf(Adam.class, l2.discriminatorOptimizer());
        assertFalse(l2.discriminatorOptimizer() instanceof AdamW);
        assertEquals(0.1, l2.discriminatorOptimizer().weightDecay());
        assertEquals(0.0, l2.generatorOptimizer().weightDecay());
        List<Trick> decoupledDecay = tricks("weight-decay:value=0.3,mode=decoupled");
        GanStep decoupled = new GanStep(discriminator(1), g, BCE.plan(adam, adam, decoupledDecay), decoupledDecay,
                Draws.of(new Rng(1)));
        assertInstanceOf(AdamW.class, decoupled.discriminatorOptimizer());
        assertEquals(0.3, decoupled.discriminatorOptimizer().weightDecay());
        assertFalse(decoupled.generatorOptimizer() instanceof AdamW);
        IllegalArgumentException rms = assertThrows(IllegalArgumentException.class, () -> BCE.plan(
                OptimizerSpec.of(OptimizerKind.RMSPROP, 0.05), adam, tricks("weight-decay:mode=decoupled")));
        assertTrue(rms.getMessage().startsWith("--trick weight-decay: decoupled weight decay needs"), rms.getMessage());
    }

    /** A generator that remembers the weight it ran with each time. */
    static final class RecordingGenerator extends Module {
        final Linear inner = registerModule("inner", new Linear(1, 1, true, new Rng(6)));
        final List<Float> weightsSeen = new ArrayList<>();

        @Override
        public Tensor forward(Tensor input) {
            weightsSeen.add(inner.weight().item());
            return inner.forward(input);
        }
    }

    @Test
    void weightNoiseMakesKNoisyCopiesOfGsFakesAndRestoresG() {
        RecordingGenerator g = new RecordingGenerator();
        float[] weight = g.inner.weight().toFloatArray();
        float[] bias = g.inner.bias().toFloatArray();
        Tensor z = Tensor.uniform(new Rng(7), -1, 1, 4, 1);
        Trick noise = tricks("weight-noise:sigma=1.5,inner=5").get(0);
        noise.attach(discriminator(1), g, Draws.of(new Rng(8)));
        List<Tensor> fakes = noise.fakes(g, z, (generator, latent) -> List.of(generator.forward(latent)));
        assertEquals(5, fakes.size(), "K = 5 fake batches");
        assertEquals(5, g.weightsSeen.size(), "from K = 5 noisy copies");
        assertEquals(5, g.weightsSeen.stream().distinct().count(), "each with its own noise");
        for (float w : g.weightsSeen) {
            assertNotEquals(weight[0], w);
        }
        assertArrayEquals(weight, g.inner.weight().toFloatArray(), "G's weight restored bit for bit");
        assertArrayEquals(bias, g.inner.bias().toFloatArray(), "G's bias restored bit for bit");
    }

    @Test
    void r1AndR2AreHalfGammaTimesTheSquaredInputGradientOnRealOrFakeInputs() {
        Linear critic = linearCritic(3f, 4f); // ∇ₓ = (3, 4), ‖·‖² = 25
        Tensor real = Tensor.uniform(new Rng(1), -1, 1, 5, 2).requiresGrad(true);
        Tensor fake = Tensor.uniform(new Rng(2), -1, 1, 5, 2).requiresGrad(true);
        DiscriminatorPass pass = new DiscriminatorPass(critic, real, critic.forward(real), List.of(fake),
                List.of(critic.forward(fake)));
        Trick r1 = tricks("r1:gamma=2").get(0);
        Trick r2 = tricks("r2:gamma=0.5").get(0);
        assertEquals(25f, r1.penalty(pass).item(), 1e-5);
        assertEquals(0.25f * 25, r2.penalty(pass).item(), 1e-5);
        DiscriminatorPass realOnly = new DiscriminatorPass(critic, real, critic.forward(real), List.of(), List.of());
        assertNull(r2.penalty(realOnly), "R2 adds nothing to a step's real-only part");
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, 0.1);
        assertTrue(BCE.plan(sgd, sgd, List.of(r1)).inputGradients() && BCE.plan(sgd, sgd, List.of(r2)).inputGradients(),
                "D's inputs require grad for either penalty");
        assertFalse(BCE.plan(sgd, sgd, List.of()).inputGradients());
        assertTrue(BCE.plan(sgd, sgd, List.of(r1)).inputGradientPenalty() && !BCE.plan(sgd, sgd, List.of()).inputGradientPenalty(),
                "an experiment can ask whether D's input gradient is penalised");
        // The penalty is differentiable with respect to D's weights: d(γ/2 ‖w‖²)/dw = γ w.
        r1.penalty(pass).backward();
        assertArrayEquals(new float[] {6f, 8f}, critic.weight().grad().toFloatArray(), 1e-5f);
    }

    @Test
    void gradientPenaltyIsLambdaTimesTheSquaredDistanceOfTheGradientNormFromItsTarget() {
        Linear critic = linearCritic(3f, 4f); // ‖∇‖ = 5 everywhere
        Trick gp = tricks("gradient-penalty:lambda=10,target=1").get(0);
        gp.attach(critic, critic, Draws.of(new Rng(3)));
        Tensor real = Tensor.uniform(new Rng(1), -1, 1, 5, 2);
        Tensor fake = Tensor.uniform(new Rng(2), -1, 1, 5, 2);
        Tensor penalty = gp.penalty(new DiscriminatorPass(critic, real, critic.forward(real), List.of(fake),
                List.of(critic.forward(fake))));
        assertEquals(10 * 16f, penalty.item(), 1e-3);
        penalty.backward(); // d(λ(‖w‖ − 1)²)/dw = 2λ(‖w‖ − 1) w/‖w‖
        assertArrayEquals(new float[] {2 * 10 * 4 * 3 / 5f, 2 * 10 * 4 * 4 / 5f}, critic.weight().grad().toFloatArray(), 1e-3f);
    }

    @Test
    void weightClippingClampsEveryDParameterAfterEachDStep() {
        Module d = discriminator(1);
        Module g = new Linear(1, 1, true, new Rng(2));
        step(d, g, tricks("weight-clipping:c=0.05"), 0.5).discriminatorStep(Tensor.ones(4, 1),
                Tensor.uniform(new Rng(3), -1, 1, 4, 1));
        for (Tensor p : d.parameters()) {
            for (float v : p.toFloatArray()) {
                assertTrue(Math.abs(v) <= 0.05f, "|" + v + "| <= 0.05");
            }
        }
    }

    @Test
    void instanceNoiseAddsNoiseToEveryInputAndAnnealsToZero() {
        Trick noise = tricks("instance-noise:sigma=0.5,anneal=4").get(0);
        List<String> asked = new ArrayList<>();
        noise.attach(null, null, new Draws() {
            @Override
            public Tensor normal(String purpose, float std, int... shape) {
                asked.add(purpose + " " + std);
                return Tensor.full(std, shape);
            }

            @Override
            public Tensor uniform(String purpose, float low, float high, int... shape) {
                throw new AssertionError();
            }
        });
        Tensor x = Tensor.zeros(2, 1);
        assertArrayEquals(new float[] {0.5f, 0.5f}, noise.discriminatorInput(x, Input.REAL, 0).toFloatArray());
        assertArrayEquals(new float[] {0.25f, 0.25f}, noise.discriminatorInput(x, Input.FAKE, 2).toFloatArray());
        assertArrayEquals(new float[] {0.125f, 0.125f}, noise.discriminatorInput(x, Input.GENERATED, 3).toFloatArray());
        assertEquals(x, noise.discriminatorInput(x, Input.REAL, 4), "no noise, and no draw, once annealed");
        assertEquals(List.of("noise_real 0.5", "noise_fake 0.25", "noise_generated 0.125"), asked);
    }

    @Test
    void spectralNormMakesEachLayersLargestSingularValueOneAndEvaluationLeavesItsVectorsAlone() {
        Linear layer = new Linear(Tensor.of(new float[][] {{3, 0}, {0, 1}}), null); // singular values 3 and 1
        SpectralNorm sn = (SpectralNorm) tricks("spectral-norm:iterations=30").get(0);
        sn.attach(layer, null, Draws.of(new Rng(4)));
        Tensor x = Tensor.of(new float[][] {{1, 0}});
        assertEquals(1f, layer.forward(x).sum().item(), 1e-5, "W/σ maps (1, 0) to (1, 0)");
        float[] u = sn.vectors().get(0).toFloatArray();
        try (var noGrad = GradMode.noGrad()) {
            layer.forward(x);
        }
        assertArrayEquals(u, sn.vectors().get(0).toFloatArray(), "a forward pass without a graph updates no vector");
        assertEquals(List.of(layer.weight()), layer.parameters(), "the parameter stays W itself");
    }

    @Test
    void emaAveragesGsWeightsAndShowsThemOnlyWhileEvaluating() {
        Module d = discriminator(1);
        Linear g = new Linear(1, 1, true, new Rng(2));
        float w0 = g.weight().item();
        GanStep step = step(d, g, tricks("ema:beta=0.5"), 0.5);
        step.generatorStep(Tensor.uniform(new Rng(3), -1, 1, 4, 1));
        float w1 = g.weight().item();
        assertNotEquals(w0, w1);
        try (var shown = step.evaluate()) {
            assertEquals(0.5f * w0 + 0.5f * w1, g.weight().item(), 1e-7, "the average while evaluating");
        }
        assertEquals(w1, g.weight().item(), "the trained weight afterwards, bit for bit");
        try (var shown = step.evaluate()) {
            assertEquals("ema(beta=0.5)", shown.generator());
        }
        try (var shown = step(d, g, List.of(), 0.5).evaluate()) {
            assertNull(shown.generator());
        }
    }

    @Test
    void tricksRefuseWhatTheyCannotWorkWithNamingTheConflict() {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, 0.1);
        Settings wasserstein = new Settings("wasserstein", DOutput.LOGIT, DiscriminatorUpdate.JOINT, Order.ALTERNATING);
        Settings separate = new Settings("bce", DOutput.PROBABILITY, DiscriminatorUpdate.SEPARATE, Order.ALTERNATING);
        Settings alternating = new Settings("bce", DOutput.LOGIT, DiscriminatorUpdate.JOINT, Order.ALTERNATING);
        Settings simultaneous = new Settings("bce", DOutput.LOGIT, DiscriminatorUpdate.JOINT, Order.SIMULTANEOUS);
        assertRefused("--trick label-smoothing needs a loss whose D fits targets (mse, bce, minimax, non-saturating), "
                + "not --loss wasserstein", wasserstein, "label-smoothing");
        assertRefused("--trick gradient-penalty interpolates real and fake examples, but this experiment updates D on "
                + "them in separate steps", separate, "gradient-penalty");
        assertRefused("--trick consensus needs --order simultaneous: it corrects the two players' gradients taken at "
                + "the same parameters", alternating, "consensus");
        assertRefused("--trick weight-noise needs --order alternating: in simultaneous order D and G share one batch "
                + "of G's samples, so D cannot see noisy copies of G", simultaneous, "weight-noise");
        assertRefused("--trick r1 is given twice; give each trick once, with all its options", alternating, "r1",
                "r1:gamma=1");
        simultaneous.plan(sgd, sgd, tricks("consensus", "r1", "ema", "instance-noise"));
        wasserstein.plan(sgd, sgd, tricks("gradient-penalty", "weight-clipping", "spectral-norm", "r2"));
    }

    static void assertRefused(String message, Settings settings, String... specs) {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.plan(sgd, sgd, tricks(specs)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void badTrickSpecsAreRefusedNamingTheOption() {
        assertEquals("--trick weight-noise: sigma must be a number, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> tricks("weight-noise:sigma=x")).getMessage());
        assertEquals("--trick weight-noise: option 'sigma' is not key=value (form: NAME[:key=value,...])",
                assertThrows(IllegalArgumentException.class, () -> tricks("weight-noise:sigma")).getMessage());
        assertEquals("--trick weight-decay: mode must be one of decoupled, l2, got 'l1'",
                assertThrows(IllegalArgumentException.class, () -> tricks("weight-decay:mode=l1")).getMessage());
        assertEquals("--trick label-smoothing: eps must be a number in [0.0, 0.5], got '0.7'",
                assertThrows(IllegalArgumentException.class, () -> tricks("label-smoothing:eps=0.7")).getMessage());
        assertEquals("--trick r1: unknown option 'lambda'; allowed: gamma",
                assertThrows(IllegalArgumentException.class, () -> tricks("r1:lambda=1")).getMessage());
        assertEquals("--trick instance-noise: anneal must be a whole number >= 0, got '-1'",
                assertThrows(IllegalArgumentException.class, () -> tricks("instance-noise:anneal=-1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> tricks("label-smoothing:eps=0.1,eps=0.2"));
        assertThrows(IllegalArgumentException.class, () -> tricks("weight-noise:inner=0"));
        assertThrows(IllegalArgumentException.class, () -> tricks("ema:beta=1"));
        assertThrows(IllegalArgumentException.class, () -> tricks("spectral-norm:iterations=0"));
    }
}
