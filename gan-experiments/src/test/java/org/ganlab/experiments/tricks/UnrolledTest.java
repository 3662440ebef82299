package org.ganlab.experiments.tricks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.BatchNorm1d;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Tanh;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.ganlab.testing.Bits;
import org.ganlab.testing.GradientCheckSuite;
import org.junit.jupiter.api.Test;

/**
 * The unrolled GAN's look-ahead: k = 0 is the plain step bit for bit, G's unrolled gradient is the
 * derivative of its unrolled loss (finite differences), the look-ahead leaves D and its optimiser
 * alone, and the steps it cannot work in are refused. Its parity with PyTorch is in the stabiliser
 * parity suite ({@code pytorch-unrolled-steps.json}).
 */
class UnrolledTest {

    static final TricksTest.Settings LOGIT = new TricksTest.Settings("bce", DOutput.LOGIT, DiscriminatorUpdate.JOINT,
            Order.ALTERNATING);
    static final TricksTest.Settings SIMULTANEOUS = new TricksTest.Settings("bce", DOutput.LOGIT,
            DiscriminatorUpdate.JOINT, Order.SIMULTANEOUS);
    static final OptimizerSpec ADAM = OptimizerSpec.of(OptimizerKind.ADAM, 0.01, 0.5, 0.999);

    static Sequential mlp(long seed, int in, int out) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(in, 6, true, rng), new Tanh(), new Linear(6, out, true, rng));
    }

    static StepBatches batches(long seed) {
        Rng rng = new Rng(seed);
        return new StepBatches(List.of(new StepBatches.DBatch(Tensor.normal(rng, 1f, 0.5f, 8, 2),
                Tensor.normal(rng, 0f, 1f, 8, 2))), Tensor.normal(rng, 0f, 1f, 8, 2));
    }

    /** Copies of a module's parameters as they are now. */
    static List<Tensor> snapshot(Module m) {
        return m.parameters().stream().map(p -> Tensor.of(p.backend(), p.toFloatArray(), p.shape())).toList();
    }

    @Test
    void noLookAheadIsThePlainStepBitForBit() {
        List<List<Tensor>> results = new ArrayList<>();
        for (String trick : new String[] {null, "unrolled:k=0"}) {
            Module d = mlp(1, 2, 1);
            Module g = mlp(2, 2, 2);
            List<Trick> tricks = trick == null ? List.of() : TricksTest.tricks(trick);
            GanStep step = new GanStep(d, g, LOGIT.plan(ADAM, ADAM, tricks), tricks, Draws.of(new Rng(9)), true);
            for (int i = 0; i < 6; i++) {
                step.run(batches(100 + i));
            }
            List<Tensor> both = new ArrayList<>(d.parameters());
            both.addAll(g.parameters());
            results.add(both);
        }
        Bits.assertSame("parameter after 6 steps, unrolled:k=0 against no trick", results.get(0), results.get(1));
    }

    /**
     * G's unrolled loss as a function of G's parameters (D and its Adam state fixed after three real
     * steps), differentiated by central differences, against the gradient the step takes; the look-ahead's
     * own term is checked to matter, so that a look-ahead whose graph was cut would fail.
     */
    @Test
    void gsUnrolledGradientIsTheDerivativeOfItsUnrolledLoss() {
        for (OptimizerSpec dOptimizer : List.of(ADAM, OptimizerSpec.of(OptimizerKind.SGD, 0.5, 0.9, null))) {
            Module d = mlp(3, 2, 1);
            Module g = mlp(4, 2, 2);
            List<Trick> tricks = TricksTest.tricks("unrolled:k=3");
            GanStep step = new GanStep(d, g, SIMULTANEOUS.plan(dOptimizer, ADAM, tricks), tricks, Draws.of(new Rng(9)));
            for (int i = 0; i < 3; i++) {
                step.run(batches(200 + i));
            }
            StepBatches b = batches(300);
            Tensor real = b.d().get(0).real();
            Tensor z = b.d().get(0).latent();
            Supplier<Float> unrolledLoss = () -> step.lossesAndGradients(real, z, false).losses().g();
            List<Tensor> analytic = step.lossesAndGradients(real, z, false).gradients().g();
            GradientCheckSuite.checkAgainstDifferences("unrolled G gradient, D by " + dOptimizer.kind(),
                    g.parameters().toArray(Tensor[]::new), analytic, unrolledLoss);

            GanStep plain = new GanStep(d, g, SIMULTANEOUS.plan(dOptimizer, ADAM, List.of()), List.of(),
                    Draws.of(new Rng(9)));
            List<Tensor> plainGradient = plain.lossesAndGradients(real, z, false).gradients().g();
            double largest = 0;
            for (int i = 0; i < analytic.size(); i++) {
                float[] a = analytic.get(i).toFloatArray();
                float[] p = plainGradient.get(i).toFloatArray();
                for (int j = 0; j < a.length; j++) {
                    largest = Math.max(largest, Math.abs(a[j] - p[j]));
                }
            }
            assertTrue(largest > 0.02, "the look-ahead changes G's gradient by " + largest + " only");
        }
    }

    @Test
    void theLookAheadLeavesDAndItsOptimiserAlone() {
        Module d = mlp(5, 2, 1);
        Module g = mlp(6, 2, 2);
        List<Trick> tricks = TricksTest.tricks("unrolled:k=4");
        GanStep step = new GanStep(d, g, LOGIT.plan(ADAM, ADAM, tricks), tricks, Draws.of(new Rng(9)));
        step.run(batches(400));
        List<Tensor> dBefore = snapshot(d);
        Optimizer.State stateBefore = step.discriminatorOptimizer().state();
        StepBatches b = batches(401);
        step.generatorStep(b.d().get(0).real(), b.gLatent());
        Bits.assertSame("D's parameter after G's unrolled step", dBefore, d.parameters());
        Optimizer.State stateAfter = step.discriminatorOptimizer().state();
        assertEquals(stateBefore.counters().get("step")[0], stateAfter.counters().get("step")[0], "D's Adam step count");
        for (String name : List.of("exp_avg", "exp_avg_sq")) {
            for (int i = 0; i < stateBefore.tensors().get(name).length; i++) {
                assertArrayEquals(Bits.of(stateBefore.tensors().get(name)[i]), Bits.of(stateAfter.tensors().get(name)[i]),
                        "D's " + name + " " + i);
            }
        }
    }

    @Test
    void refusesStepsALookAheadCannotRepeat() {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, 0.1);
        for (String other : List.of("r1", "packing", "instance-noise", "spectral-norm", "weight-clipping", "weight-noise")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LOGIT.plan(sgd, sgd, TricksTest.tricks("unrolled", other)));
            assertTrue(e.getMessage().contains("--trick " + other), e.getMessage());
        }
        TricksTest.Settings separate = new TricksTest.Settings("bce", DOutput.PROBABILITY, DiscriminatorUpdate.SEPARATE,
                Order.ALTERNATING);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> separate.plan(sgd, sgd, TricksTest.tricks("unrolled"))).getMessage().contains("separately"));
        assertThrows(IllegalArgumentException.class, () -> TricksTest.tricks("unrolled:k=-1"));
        assertThrows(IllegalArgumentException.class, () -> TricksTest.tricks("unrolled:lr=fast"));
        // tricks that change only D's targets, loss weights or optimiser, or G, combine
        StepPlan plan = LOGIT.plan(sgd, sgd, TricksTest.tricks("unrolled:k=2,lr=0.5", "label-smoothing", "ema",
                "weight-decay"));
        assertEquals(new StepPlan.LookAhead(2, 0.5), plan.lookAhead());

        Module bn = new Sequential(new Linear(2, 4, true, new Rng(1)), new BatchNorm1d(4), new Linear(4, 1, true,
                new Rng(2)));
        List<Trick> tricks = TricksTest.tricks("unrolled");
        StepPlan withBatchNorm = LOGIT.plan(sgd, sgd, tricks);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GanStep(bn, mlp(1, 2, 2), withBatchNorm, tricks,
                Draws.of(new Rng(1)))).getMessage().contains("batch norm"));
    }
}
