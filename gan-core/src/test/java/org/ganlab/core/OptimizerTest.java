package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.RmsProp;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OptimizerTest extends ReferenceBackendTest {

    private static void gradient(Tensor p, float... g) {
        p.setGrad(Tensor.vector(g));
    }

    /** Three steps, a save, two more; a fresh optimiser loaded with the save takes the same two steps bit for bit. */
    private static void resumesExactly(java.util.function.Function<Tensor, Optimizer> make) {
        Tensor p = Tensor.vector(1f, -2f, 0.5f).requiresGrad(true);
        Optimizer o = make.apply(p);
        float[][] grads = {{1f, 0.5f, -2f}, {0.3f, -1f, 0.25f}, {2f, 2f, 2f}, {-1f, 0.1f, 0f}, {0.7f, 0.7f, -0.7f}};
        for (int s = 0; s < 3; s++) {
            gradient(p, grads[s]);
            o.step();
        }
        Optimizer.State saved = o.state();
        float[] at = p.toFloatArray();
        for (int s = 3; s < 5; s++) {
            gradient(p, grads[s]);
            o.step();
        }
        Tensor q = Tensor.vector(at).requiresGrad(true);
        Optimizer resumed = make.apply(q);
        resumed.loadState(saved);
        for (int s = 3; s < 5; s++) {
            gradient(q, grads[s]);
            resumed.step();
        }
        assertArrayEquals(p.toFloatArray(), q.toFloatArray(), 0f, o.getClass().getSimpleName());
    }

    @Test
    void everyOptimiserResumesFromItsSavedStateBitForBit() {
        resumesExactly(p -> new Sgd(List.of(p), 0.1, 0.9, 0.01));
        resumesExactly(p -> new Adam(List.of(p), 0.01, 0.5, 0.999, 1e-8, 0));
        resumesExactly(p -> new AdamW(List.of(p), 0.01, 0.9, 0.999, 1e-8, 0.01));
        resumesExactly(p -> new RmsProp(List.of(p), 0.01, 0.99, 1e-8, 0));
        Optimizer.State adam = new Adam(List.of(Tensor.vector(1f).requiresGrad(true)), 0.1).state();
        assertThrows(IllegalArgumentException.class,
                () -> new Sgd(List.of(Tensor.vector(1f).requiresGrad(true)), 0.1).loadState(adam), "another kind's state");
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        Tensor p = Tensor.vector(1f, -2f).requiresGrad(true);
        Optimizer sgd = new Sgd(List.of(p), 0.1, 0.9, 0.5);
        gradient(p, 1f, 1f);
        sgd.step(); // g = 1 + 0.5p = (1.5, 0); buf = g; p -= 0.1 buf
        assertArrayEquals(new float[] {0.85f, -2f}, p.toFloatArray(), 1e-6f);
        gradient(p, 1f, 1f);
        sgd.step(); // g = (1.425, 0); buf = 0.9 (1.5, 0) + g = (2.775, 0)
        assertArrayEquals(new float[] {0.85f - 0.2775f, -2f}, p.toFloatArray(), 1e-6f);
    }

    @Test
    void adamFirstStepMovesByLearningRateAgainstTheGradientSign() {
        Tensor p = Tensor.vector(1f, 1f, 1f).requiresGrad(true);
        Optimizer adam = new Adam(List.of(p), 0.01);
        gradient(p, 3f, -0.001f, 0f);
        adam.step();
        assertArrayEquals(new float[] {0.99f, 1.01f, 1f}, p.toFloatArray(), 1e-5f);
    }

    @Test
    void adamWDecaysEvenWithoutGradientSignalButAdamL2DoesNotDecouple() {
        Tensor a = Tensor.vector(2f).requiresGrad(true);
        Tensor b = Tensor.vector(2f).requiresGrad(true);
        Optimizer adamW = new AdamW(List.of(a), 0.1, 0.9, 0.999, 1e-8, 0.5);
        Optimizer adamL2 = new Adam(List.of(b), 0.1, 0.9, 0.999, 1e-8, 0.5);
        gradient(a, 0f);
        gradient(b, 0f);
        adamW.step();
        adamL2.step();
        assertEquals(2f * (1 - 0.05f), a.item(), 1e-6, "AdamW shrinks the weight by lr*wd");
        assertEquals(2f - 0.1f, b.item(), 1e-5, "Adam's L2 term becomes the gradient, normalised to lr");
    }

    @Test
    void parametersWithoutGradientAreSkippedAndZeroGradClears() {
        Tensor p = Tensor.vector(1f).requiresGrad(true);
        Optimizer sgd = new Sgd(List.of(p), 0.1);
        sgd.step();
        assertEquals(1f, p.item());
        gradient(p, 1f);
        sgd.zeroGrad();
        sgd.step();
        assertEquals(1f, p.item());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), -1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 1.0, 0.999, 1e-8, 0));
    }

    @Test
    void rmsPropKeepsASquareAverageAndDividesByItsRoot() {
        Tensor p = Tensor.vector(1f, -2f).requiresGrad(true);
        Optimizer rms = new RmsProp(List.of(p), 0.01, 0.99, 1e-8, 0.5);
        gradient(p, 1f, 1f);
        rms.step(); // g = (1.5, 0); v = 0.01 g^2 = (0.0225, 0); p -= 0.01 g / (sqrt v + eps)
        assertArrayEquals(new float[] {0.9f, -2f}, p.toFloatArray(), 1e-6f);
        gradient(p, 1f, 1f);
        rms.step(); // g = (1.45, 0); v = 0.99 * 0.0225 + 0.01 * 1.45^2 = 0.0433
        assertArrayEquals(new float[] {(float) (0.9 - 0.01 * 1.45 / Math.sqrt(0.0433)), -2f}, p.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(List.of(p), 0.1, 1.0, 1e-8, 0));
    }
}
