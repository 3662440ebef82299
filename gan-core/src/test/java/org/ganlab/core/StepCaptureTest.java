package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.backend.Backends;
import org.ganlab.capture.Readout;
import org.ganlab.capture.StepCapture;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.optim.Adam;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link StepCapture} on a small regression step (a net, SGD, noise drawn inside the step): the
 * captured run gives the eager run's bits, parameters and losses, every step; what a replay cannot
 * reproduce keeps the step eager; and a changed shape, learning rate or rebound state records afresh.
 */
class StepCaptureTest {

    /** A net, its optimiser and the step's own noise generator; the step: MSE of net(x + noise) against y. */
    private static final class Model {
        final Module net;
        final Optimizer opt;
        final Rng noise = new Rng(3);
        final StepCapture<Float> capture;
        int steps;

        Model(boolean capture, boolean adam) {
            Rng init = new Rng(1);
            net = new Sequential(new Linear(3, 8, true, init), new LeakyReLU(0.2f), new Linear(8, 1, true, init));
            opt = adam ? new Adam(net.parameters(), 0.01) : new Sgd(net.parameters(), 0.05, 0.9, 0);
            this.capture = new StepCapture<>(Backends.current(), this::state, 1, capture);
        }

        List<Tensor> state() {
            List<Tensor> s = new ArrayList<>(net.parameters());
            s.addAll(opt.stateTensorList());
            return s;
        }

        Readout<Float> body(Tensor x, Tensor y, float scale) {
            Tensor noisy = x.add(Tensor.normal(noise, 0, 0.1f, x.shape()));
            Tensor loss = net.forward(noisy).sub(y).mul(scale).pow(2f).mean();
            opt.zeroGrad();
            loss.backward();
            opt.step();
            return Readout.of(List.of(loss), v -> v[0]);
        }

        float step(Tensor x, Tensor y, float scale) {
            steps++;
            return capture.step(List.of(x, y), opt.lr(), () -> body(x, y, scale));
        }
    }

    private static Model model(boolean capture) {
        return new Model(capture, false);
    }

    /** Trains both models on the same batches; checks losses and parameters bit for bit after every step. */
    private static void trainBoth(Model eager, Model captured, int steps, int batch,
            java.util.function.IntFunction<Float> scale) {
        Rng data = new Rng(7);
        for (int s = 0; s < steps; s++) {
            try (MemoryScope step = MemoryScope.open()) {
                Tensor x = Tensor.uniform(data, -1, 1, batch, 3);
                Tensor y = Tensor.uniform(data, -1, 1, batch, 1);
                float a = eager.step(x, y, scale.apply(s));
                float b = captured.step(x, y, scale.apply(s));
                assertEquals(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), "loss at step " + eager.steps);
                assertSameState(eager, captured, "after step " + eager.steps);
            }
        }
    }

    private static void assertSameState(Model a, Model b, String when) {
        List<Tensor> x = a.state();
        List<Tensor> y = b.state();
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals(bits(x.get(i)), bits(y.get(i)), "state " + i + " " + when);
        }
    }

    private static int[] bits(Tensor t) {
        return org.ganlab.testing.Bits.of(t.toFloatArray());
    }

    @Test
    void aCapturedStepReplaysTheEagerStepBitForBit() {
        Model eager = model(false);
        Model captured = model(true);
        trainBoth(eager, captured, 30, 16, s -> 1f);
        assertNull(captured.capture.eagerBecause());
        assertTrue(captured.capture.replaying());
        // A warm-up step, two recordings, then replays (SGD's first momentum is the gradient itself,
        // which shares a buffer, so the first recording waits a step).
        assertEquals(26, captured.capture.replays());
        assertEquals(0, eager.capture.replays());
        for (Tensor p : captured.net.parameters()) {
            assertNull(p.grad(), "no gradient buffer that a replay overwrites is left visible");
        }
    }

    @Test
    void aConstantThatChangesEveryStepKeepsTheStepEager() {
        Model eager = model(false);
        Model captured = model(true);
        trainBoth(eager, captured, 12, 8, s -> 1f + s);
        assertEquals(0, captured.capture.replays());
        assertTrue(captured.capture.eagerBecause().startsWith("two consecutive steps differ"),
                captured.capture.eagerBecause());
    }

    @Test
    void aValueReadWhileTheStepRunsKeepsItEager() {
        Model m = model(true);
        Rng data = new Rng(2);
        for (int s = 0; s < 6; s++) {
            try (MemoryScope step = MemoryScope.open()) {
                Tensor x = Tensor.uniform(data, -1, 1, 4, 3);
                Tensor y = Tensor.uniform(data, -1, 1, 4, 1);
                m.capture.step(List.of(x, y), 0, () -> {
                    Readout<Float> r = m.body(x, y, 1f);
                    float peek = m.net.parameters().get(0).toFloatArray()[0]; // host code reading a value mid-step
                    return r.map(v -> v + 0 * peek);
                });
            }
        }
        assertEquals(0, m.capture.replays());
        assertTrue(m.capture.eagerBecause().contains("reads a value back"), m.capture.eagerBecause());
    }

    @Test
    void anotherBatchSizeOrLearningRateRecordsAfreshAndStaysExact() {
        Model eager = model(false);
        Model captured = model(true);
        trainBoth(eager, captured, 10, 16, s -> 1f);
        long before = captured.capture.replays();
        trainBoth(eager, captured, 10, 5, s -> 1f); // another shape: three eager steps, then replays again
        assertEquals(before + 7, captured.capture.replays());
        eager.opt.setLr(0.01);
        captured.opt.setLr(0.01);
        trainBoth(eager, captured, 10, 5, s -> 1f);
        assertEquals(before + 14, captured.capture.replays());
    }

    @Test
    void stateLoadedFromOutsideIsNoticedAndRecordedAfresh() {
        Model eager = model(false);
        Model captured = model(true);
        trainBoth(eager, captured, 8, 16, s -> 1f);
        Optimizer.State saved = eager.opt.state();
        eager.opt.loadState(saved); // new momentum tensors: the recording's buffers are no longer the state's
        captured.opt.loadState(saved);
        trainBoth(eager, captured, 8, 16, s -> 1f);
        assertTrue(captured.capture.replaying());
    }

    @Test
    void adamCountsItsStepsInReplaysOrStaysEagerWithoutAFusedKernel() {
        // A backend's fused Adam kernel takes the bias corrections as arguments, which a replay
        // recomputes as the step count moves on; composed from primitives (this test backend), they
        // are constants of the kernels, different at every step, and the step stays eager.
        Model eager = new Model(false, true);
        Model captured = new Model(true, true);
        trainBoth(eager, captured, 12, 4, s -> 1f);
        assertEquals(eager.opt.state().counters().get("step")[0], captured.opt.state().counters().get("step")[0]);
        assertTrue(captured.capture.replaying() || captured.capture.eagerBecause().startsWith("two consecutive steps differ"),
                String.valueOf(captured.capture.eagerBecause()));
    }

    @Test
    void aStepAboveTheArithmeticLimitStaysEagerAndSaysWhy() {
        Model m = model(true);
        StepCapture<Float> small = new StepCapture<>(Backends.current(), m::state, 1, true, 10);
        Rng data = new Rng(2);
        for (int s = 0; s < 6; s++) {
            try (MemoryScope step = MemoryScope.open()) {
                Tensor x = Tensor.uniform(data, -1, 1, 4, 3);
                Tensor y = Tensor.uniform(data, -1, 1, 4, 1);
                small.step(List.of(x, y), 0, () -> m.body(x, y, 1f));
            }
        }
        assertEquals(0, small.replays());
        assertTrue(small.eagerBecause().startsWith("the step computes"), small.eagerBecause());
    }
}
