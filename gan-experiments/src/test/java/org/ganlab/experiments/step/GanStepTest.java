package org.ganlab.experiments.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.autograd.Autograd;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLoss;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What the orders and D steps mean, checked against gradients computed by hand with autograd. */
class GanStepTest {

    static final float LR = 0.1f;

    static Sequential net(long seed, int in, int out) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(in, 4, true, rng), new LeakyReLU(0.2f), new Linear(4, out, true, rng));
    }

    static StepPlan plan(Order order, int dSteps) {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, LR);
        return StepPlan.of(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT), GanLosses.get("bce"), "bce", order,
                dSteps, sgd, sgd, List.of());
    }

    /** A step's plan with plain SGD and no tricks: what it refuses, StepPlan.of refuses. */
    static StepPlan plan(GanSpec spec, GanLoss loss, String lossName, Order order, int dSteps) {
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, LR);
        return StepPlan.of(spec, loss, lossName, order, dSteps, sgd, sgd, List.of());
    }

    static GanStep step(Module d, Module g, Order order, int dSteps) {
        return new GanStep(d, g, plan(order, dSteps), List.of(), Draws.of(new Rng(1)));
    }

    /** Each parameter's value after a plain SGD step with these gradients. */
    static List<float[]> descended(List<Tensor> params, List<Tensor> grads) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            float[] v = params.get(i).toFloatArray();
            float[] g = grads.get(i).toFloatArray();
            for (int j = 0; j < v.length; j++) {
                v[j] -= LR * g[j];
            }
            out.add(v);
        }
        return out;
    }

    static void assertParameters(List<float[]> expected, Module m, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), m.parameters().get(i).toFloatArray(), 1e-6f, what + " parameter " + i);
        }
    }

    @Test
    void simultaneousStepTakesBothGradientsAtTheSameParametersAndGsLossLeavesDsGradientAlone() {
        Module d = net(1, 2, 1);
        Module g = net(2, 2, 2);
        Tensor real = Tensor.uniform(new Rng(3), -1, 1, 8, 2);
        Tensor z = Tensor.uniform(new Rng(4), -1, 1, 8, 2);
        GanLoss loss = GanLosses.get("bce");
        Tensor fake = g.forward(z);
        Tensor lossD = loss.real(d.forward(real), 1f, DOutput.LOGIT).add(loss.fake(d.forward(fake.detach()), 0f, DOutput.LOGIT));
        List<float[]> expectedD = descended(d.parameters(), Autograd.grad(lossD, d.parameters(), false));
        Tensor lossG = loss.generator(d.forward(fake), DOutput.LOGIT);
        List<float[]> expectedG = descended(g.parameters(), Autograd.grad(lossG, g.parameters(), false));

        step(d, g, Order.SIMULTANEOUS, 1).run(new StepBatches(List.of(new StepBatches.DBatch(real, z)), null));
        assertParameters(expectedD, d, "D");
        assertParameters(expectedG, g, "G");
    }

    @Test
    void alternatingStepTrainsGThroughTheUpdatedD() {
        Module d = net(1, 2, 1);
        Module g = net(2, 2, 2);
        Module dCopy = net(1, 2, 1);
        Module gCopy = net(2, 2, 2);
        Tensor real = Tensor.uniform(new Rng(3), -1, 1, 8, 2);
        Tensor zD = Tensor.uniform(new Rng(4), -1, 1, 8, 2);
        Tensor zG = Tensor.uniform(new Rng(5), -1, 1, 8, 2);
        GanLoss loss = GanLosses.get("bce");
        Tensor lossD = loss.real(dCopy.forward(real), 1f, DOutput.LOGIT)
                .add(loss.fake(dCopy.forward(gCopy.forward(zD).detach()), 0f, DOutput.LOGIT));
        List<float[]> expectedD = descended(dCopy.parameters(), Autograd.grad(lossD, dCopy.parameters(), false));
        Module dAfter = new Sequential(new Linear(Tensor.of(expectedD.get(0), 4, 2), Tensor.of(expectedD.get(1), 4)),
                new LeakyReLU(0.2f), new Linear(Tensor.of(expectedD.get(2), 1, 4), Tensor.of(expectedD.get(3), 1)));
        Tensor lossG = loss.generator(dAfter.forward(gCopy.forward(zG)), DOutput.LOGIT);
        List<float[]> expectedG = descended(gCopy.parameters(), Autograd.grad(lossG, gCopy.parameters(), false));

        step(d, g, Order.ALTERNATING, 1).run(new StepBatches(List.of(new StepBatches.DBatch(real, zD)), zG));
        assertParameters(expectedD, d, "D");
        assertParameters(expectedG, g, "G");
    }

    /** A module that counts its forward passes. */
    static final class Counting extends Module {
        final Module inner;
        int calls;

        Counting(Module inner) {
            this.inner = registerModule("inner", inner);
        }

        @Override
        public Tensor forward(Tensor input) {
            calls++;
            return inner.forward(input);
        }
    }

    @Test
    void dStepsRunsThatManyDStepsPerGStepAndRunChecksItsBatches() {
        Counting d = new Counting(net(1, 2, 1));
        Counting g = new Counting(net(2, 2, 2));
        GanStep step = step(d, g, Order.ALTERNATING, 3);
        Rng rng = new Rng(6);
        step.run(StepBatches.draw(3, () -> Tensor.uniform(rng, -1, 1, 4, 2), () -> Tensor.uniform(rng, -1, 1, 4, 2)));
        assertEquals(3 * 2 + 1, d.calls, "each D step sees real and fake, then G's step goes through D once");
        assertEquals(3 + 1, g.calls, "one batch of fakes per D step, one for G's step");
        assertEquals(1, step.stepsDone());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> step.run(StepBatches.draw(1,
                () -> Tensor.uniform(rng, -1, 1, 4, 2), () -> Tensor.uniform(rng, -1, 1, 4, 2))));
        assertEquals("a step with --d-steps 3 needs as many D batches, got 1", wrong.getMessage());
    }

    @Test
    void stepPlansRefuseWhatNoStepCanRun() {
        GanLoss wasserstein = GanLosses.get("wasserstein");
        assertEquals("--loss wasserstein needs a discriminator that outputs a logit or critic value; this experiment's D "
                + "ends in a sigmoid", assertThrows(IllegalArgumentException.class, () -> plan(
                        new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.JOINT), wasserstein, "wasserstein",
                        Order.ALTERNATING, 1)).getMessage());
        assertEquals("--order simultaneous needs one D update per step; this experiment updates D on real and on fake "
                + "examples separately", assertThrows(IllegalArgumentException.class, () -> plan(
                        new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.SEPARATE), GanLosses.get("mse"), "mse",
                        Order.SIMULTANEOUS, 1)).getMessage());
        assertEquals("--d-steps 5 needs --order alternating (simultaneous updates take one D and one G step from the "
                + "same parameters)", assertThrows(IllegalArgumentException.class, () -> plan(Order.SIMULTANEOUS, 5))
                .getMessage());
    }

    @Test
    void lossesAreTheirDefinitionsOnLogitsAndProbabilities() {
        Tensor d = Tensor.vector(-1f, 0.5f, 2f).reshape(3, 1);
        double[] x = {-1, 0.5, 2};
        assertEquals(mean(x, v -> Math.log1p(Math.exp(-v))), GanLosses.get("bce").real(d, 1f, DOutput.LOGIT).item(), 1e-6);
        assertEquals(mean(x, v -> Math.log1p(Math.exp(v))), GanLosses.get("bce").fake(d, 0f, DOutput.LOGIT).item(), 1e-6);
        assertEquals(mean(x, v -> -Math.log1p(Math.exp(v))), GanLosses.get("minimax").generator(d, DOutput.LOGIT).item(), 1e-6);
        assertEquals(mean(x, v -> Math.log1p(Math.exp(-v))), GanLosses.get("non-saturating").generator(d, DOutput.LOGIT).item(),
                1e-6);
        assertEquals(-mean(x, v -> v), GanLosses.get("wasserstein").real(d, 1f, DOutput.LOGIT).item(), 1e-6);
        assertEquals(mean(x, v -> v), GanLosses.get("wasserstein").fake(d, 0f, DOutput.LOGIT).item(), 1e-6);
        assertEquals(mean(x, v -> Math.max(0, 1 - v)), GanLosses.get("hinge").real(d, 1f, DOutput.LOGIT).item(), 1e-6);
        assertEquals(mean(x, v -> Math.max(0, 1 + v)), GanLosses.get("hinge").fake(d, 0f, DOutput.LOGIT).item(), 1e-6);
        assertEquals(-mean(x, v -> v), GanLosses.get("hinge").generator(d, DOutput.LOGIT).item(), 1e-6);
        Tensor p = Tensor.vector(0.2f, 0.7f).reshape(2, 1);
        double[] q = {0.2, 0.7};
        assertEquals(mean(q, v -> -Math.log(v)), GanLosses.get("bce").real(p, 1f, DOutput.PROBABILITY).item(), 1e-6);
        assertEquals(mean(q, v -> (v - 1) * (v - 1)), GanLosses.get("mse").generator(p, DOutput.PROBABILITY).item(), 1e-6);
        assertEquals("--loss must be one of mse, non-saturating, bce, minimax, wasserstein, hinge, got 'lsgan'",
                assertThrows(IllegalArgumentException.class, () -> GanLosses.get("lsgan")).getMessage());
    }

    static double mean(double[] x, java.util.function.DoubleUnaryOperator f) {
        return java.util.Arrays.stream(x).map(f).average().orElseThrow();
    }

    /**
     * G's step computes no gradient of D's weights or biases (D is not updated there): it issues
     * exactly the backend calls and floating-point operations of the same step with D frozen; and a
     * backward pass into G's parameters only costs exactly D's weight and bias gradients less than
     * one into every parameter.
     */
    @Test
    void gsStepComputesNoGradientForDsWeights() {
        Tensor z = Tensor.uniform(new Rng(3), -1, 1, 8, 2);
        org.ganlab.backend.capture.Trace asTrained = recordedGeneratorStep(z, true);
        org.ganlab.backend.capture.Trace dFrozen = recordedGeneratorStep(z, false);
        assertEquals(dFrozen.calls(), asTrained.calls());
        assertEquals(dFrozen.flops(), asTrained.flops());
        // D 2→4→1 at batch 8: weight gradients gᵀx of 2·4·8·2 and 2·1·8·4 FLOPs, bias gradients sums of 8·4 and 8·1.
        assertEquals(128 + 64 + 32 + 8, recordedBackward(z, false).flops() - recordedBackward(z, true).flops());
    }

    /** G's loss through D, and its backward pass into G's parameters only, or into every parameter. */
    private static org.ganlab.backend.capture.Trace recordedBackward(Tensor z, boolean gOnly) {
        Module d = net(1, 2, 1);
        Module g = net(2, 2, 2);
        var recorder = org.ganlab.backend.capture.Recorder.start(z.backend());
        try {
            Tensor loss = GanLosses.get("bce").generator(d.forward(g.forward(z)), DOutput.LOGIT);
            if (gOnly) {
                loss.backward(g.parameters());
            } else {
                loss.backward();
            }
        } finally {
            recorder.close();
        }
        return recorder.finish();
    }

    /**
     * The step's parameter sum tells the divergence check when to look at the parameters: finite
     * while they are, not once one is NaN, in a replayed step as in an eager one.
     */
    @Test
    void theParameterSumFlagsANonFiniteParameterInAReplayedStep() {
        Module d = net(1, 2, 1);
        Module g = net(2, 2, 2);
        GanStep step = new GanStep(d, g, plan(Order.ALTERNATING, 1), List.of(), Draws.of(new Rng(1)), true);
        Rng data = new Rng(5);
        for (int s = 0; s < 6; s++) {
            step.run(StepBatches.draw(1, () -> Tensor.normal(data, 0, 1, 4, 2), () -> Tensor.normal(data, 0, 1, 4, 2)));
            org.junit.jupiter.api.Assertions.assertTrue(step.parametersFinite(), "step " + (s + 1));
        }
        org.junit.jupiter.api.Assertions.assertTrue(step.capture().replaying());
        Tensor w = g.parameters().get(0);
        float[] nan = new float[w.size()];
        java.util.Arrays.fill(nan, Float.NaN);
        w.backend().write(w.view().buffer(), nan); // in its home buffer: the next replay reads it there
        step.run(StepBatches.draw(1, () -> Tensor.normal(data, 0, 1, 4, 2), () -> Tensor.normal(data, 0, 1, 4, 2)));
        org.junit.jupiter.api.Assertions.assertFalse(step.parametersFinite());
        org.junit.jupiter.api.Assertions.assertTrue(step.capture().replaying(), "the replay itself saw it");
    }

    /** G's step on fresh nets, recorded. */
    private static org.ganlab.backend.capture.Trace recordedGeneratorStep(Tensor z, boolean dTrainable) {
        Module d = net(1, 2, 1);
        Module g = net(2, 2, 2);
        d.parameters().forEach(p -> p.requiresGrad(dTrainable));
        GanStep step = step(d, g, Order.ALTERNATING, 1);
        var recorder = org.ganlab.backend.capture.Recorder.start(z.backend());
        try {
            step.generatorStep(z);
        } finally {
            recorder.close();
        }
        return recorder.finish();
    }
}
