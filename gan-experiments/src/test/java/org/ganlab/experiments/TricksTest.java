package org.ganlab.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.experiments.training.DiscriminatorUpdate;
import org.ganlab.experiments.training.GanLoop;
import org.ganlab.experiments.training.GanLossKind;
import org.ganlab.experiments.training.OptimizerSpec;
import org.ganlab.experiments.tricks.FakeLossStep;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.experiments.tricks.Trick.Targets;
import org.ganlab.experiments.tricks.TrickSpec;
import org.ganlab.experiments.tricks.Tricks;
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

    static GanLoop loop(Module d, Module g, List<Trick> tricks, double lr) {
        return new GanLoop(d, g, GanLossKind.BCE, DiscriminatorUpdate.JOINT, OptimizerSpec.of(OptimizerKind.SGD, lr),
                OptimizerSpec.of(OptimizerKind.SGD, lr), tricks, new Rng(9));
    }

    @Test
    void labelSmoothingMovesDsTargetsAndComposesWithOtherTricks() {
        Module d = discriminator(1);
        Module g = new Linear(1, 1, true, new Rng(2));
        assertEquals(new Targets(0.9f, 0.1f), loop(d, g, tricks("label-smoothing"), 0.1).targets());
        assertEquals(new Targets(0.8f, 0f), loop(d, g, tricks("label-smoothing:eps=0.2,one-sided=true"), 0.1).targets());
        GanLoop both = loop(d, g, tricks("label-smoothing", "example-weighting:real=2,fake=0.5"), 0.1);
        assertEquals(new Targets(0.9f, 0.1f), both.targets());
        assertEquals(new Trick.LossWeights(2f, 0.5f), both.weights());
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
        List<float[]> expected = new ArrayList<>();
        for (Tensor p : reference.parameters()) {
            float[] v = p.toFloatArray();
            float[] grad = p.grad().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] -= 0.1f * grad[i];
            }
            expected.add(v);
        }
        loop(d, g, tricks("example-weighting:real=2,fake=0"), 0.1).step(real, z, z);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), d.parameters().get(i).toFloatArray(), 1e-6f, "D parameter " + i);
        }
    }

    @Test
    void weightDecayChangesOnlyDsOptimiser() {
        Module d = discriminator(1);
        Module g = new Linear(1, 1, true, new Rng(2));
        GanLoop l2 = new GanLoop(d, g, GanLossKind.BCE, DiscriminatorUpdate.JOINT, OptimizerSpec.of(OptimizerKind.ADAM, 0.05),
                OptimizerSpec.of(OptimizerKind.ADAM, 0.05), tricks("weight-decay"), new Rng(1));
        assertInstanceOf(Adam.class, l2.discriminatorOptimizer());
        assertFalse(l2.discriminatorOptimizer() instanceof AdamW);
        assertEquals(0.1, l2.discriminatorOptimizer().weightDecay());
        assertEquals(0.0, l2.generatorOptimizer().weightDecay());
        GanLoop decoupled = new GanLoop(d, g, GanLossKind.BCE, DiscriminatorUpdate.JOINT,
                OptimizerSpec.of(OptimizerKind.ADAM, 0.05), OptimizerSpec.of(OptimizerKind.ADAM, 0.05),
                tricks("weight-decay:value=0.3,mode=decoupled"), new Rng(1));
        assertInstanceOf(AdamW.class, decoupled.discriminatorOptimizer());
        assertEquals(0.3, decoupled.discriminatorOptimizer().weightDecay());
        assertFalse(decoupled.generatorOptimizer() instanceof AdamW);
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
    void weightNoiseAveragesKNoisyCopiesAndRestoresG() {
        RecordingGenerator g = new RecordingGenerator();
        float[] weight = g.inner.weight().toFloatArray();
        float[] bias = g.inner.bias().toFloatArray();
        Tensor z = Tensor.uniform(new Rng(7), -1, 1, 4, 1);
        List<Float> losses = new ArrayList<>();
        FakeLossStep step = new FakeLossStep(g, z, fakes -> {
            Tensor loss = fakes.sum();
            losses.add(loss.item());
            return loss;
        }, new Rng(8));
        Trick noise = tricks("weight-noise:sigma=1.5,inner=5").get(0);
        Tensor averaged = noise.fakeLoss(step, s -> s.lossOnFakes().apply(s.generator().forward(s.latent())));
        assertEquals(5, g.weightsSeen.size(), "K = 5 noisy evaluations");
        assertEquals(5, g.weightsSeen.stream().distinct().count(), "each with its own noise");
        for (float w : g.weightsSeen) {
            assertNotEquals(weight[0], w);
        }
        assertEquals(losses.stream().mapToDouble(Float::doubleValue).average().orElseThrow(), averaged.item(), 1e-4);
        assertArrayEquals(weight, g.inner.weight().toFloatArray(), "G's weight restored bit for bit");
        assertArrayEquals(bias, g.inner.bias().toFloatArray(), "G's bias restored bit for bit");
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
        assertThrows(IllegalArgumentException.class, () -> tricks("label-smoothing:eps=0.1,eps=0.2"));
        assertThrows(IllegalArgumentException.class, () -> tricks("weight-noise:inner=0"));
    }
}
