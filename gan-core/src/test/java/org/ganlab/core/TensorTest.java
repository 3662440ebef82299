package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ganlab.autograd.Autograd;
import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorTest extends ReferenceBackendTest {

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        ShapeException matmul = assertThrows(ShapeException.class, () -> a.matmul(Tensor.zeros(4, 5)));
        assertTrue(matmul.getMessage().startsWith("matmul:") && matmul.getMessage().contains("[2, 3]")
                && matmul.getMessage().contains("[4, 5]"), matmul.getMessage());
        ShapeException add = assertThrows(ShapeException.class, () -> a.add(Tensor.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together", add.getMessage());
        assertThrows(ShapeException.class, () -> a.reshape(4, -1));
        assertThrows(ShapeException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(ShapeException.class, a::item);
    }

    @Test
    void viewsAndReductions() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[] {3, 2}, x.transpose().shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, x.transpose().toFloatArray());
        assertArrayEquals(new int[] {3, 2}, x.reshape(-1, 2).shape());
        assertArrayEquals(new float[] {5, 7, 9}, x.sum(0, false).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, x.mean(1, true).shape());
        assertArrayEquals(new float[] {2, 5}, x.mean(1, true).toFloatArray());
        assertEquals(0, x.sum().dim());
        assertEquals(21f, x.sum().item());
        assertArrayEquals(new float[] {3, 6}, x.amax(new int[] {1}, false).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, Tensor.vector(1, 2, 3).expand(2, 3).toFloatArray());
    }

    @Test
    void backwardIntoChosenInputsLeavesTheOthersAlone() {
        Tensor a = Tensor.vector(1, 2).requiresGrad(true);
        Tensor b = Tensor.vector(3, 4).requiresGrad(true);
        Tensor unused = Tensor.vector(5).requiresGrad(true);
        a.mul(b).sum().backward(List.of(a, unused));
        assertArrayEquals(new float[] {3, 4}, a.grad().toFloatArray());
        assertNull(b.grad(), "not among the inputs");
        assertNull(unused.grad(), "not reached");
        a.mul(b).sum().backward(List.of(a));
        assertArrayEquals(new float[] {6, 8}, a.grad().toFloatArray(), "accumulates like backward()");
    }

    @Test
    void gradWithAllowUnusedGivesNullForAnUnreachedInput() {
        Tensor a = Tensor.vector(1, 2).requiresGrad(true);
        Tensor unused = Tensor.vector(5).requiresGrad(true);
        Tensor out = a.mul(a).sum();
        assertThrows(IllegalArgumentException.class, () -> Autograd.grad(out, List.of(a, unused), false));
        List<Tensor> g = Autograd.grad(List.of(out), List.of(a, unused), null, false, true);
        assertArrayEquals(new float[] {2, 4}, g.get(0).toFloatArray());
        assertNull(g.get(1));
    }

    @Test
    void backwardAccumulatesLikePytorch() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toFloatArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().toFloatArray(), "a second backward adds to grad");
        x.setGrad(null);
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {3, 3, 3}, x.grad().toFloatArray());
    }

    @Test
    void aTensorUsedTwiceGetsTheSumOfItsGradients() {
        Tensor x = Tensor.scalar(3f).requiresGrad(true);
        Tensor y = x.mul(x).add(x.exp()).add(x);
        y.backward();
        assertEquals(6 + (float) Math.exp(3) + 1, x.grad().item(), 1e-4);
    }

    @Test
    void detachAndNoGradCutTheGraph() {
        Tensor x = Tensor.vector(1, 2).requiresGrad(true);
        Tensor d = x.mul(2f).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        try (var g = GradMode.noGrad()) {
            Tensor y = x.mul(2f);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var e = GradMode.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        Tensor y = x.mul(d).sum();
        y.backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().toFloatArray(), "a detached factor is a constant");
    }

    @Test
    void leavesAndAssignRules() {
        Tensor w = Tensor.vector(1, 2).requiresGrad(true);
        Tensor y = w.mul(w);
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertThrows(IllegalStateException.class, () -> w.assign(Tensor.vector(0, 0)),
                "assigning a leaf that requires grad outside noGrad");
        try (var g = GradMode.noGrad()) {
            w.assign(Tensor.vector(5, 6));
        }
        assertEquals(1, w.version());
        IllegalStateException stale = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(stale.getMessage().contains("assigned a new value"), stale.getMessage());
        assertArrayEquals(new float[] {5, 6}, w.toFloatArray());
    }

    @Test
    void backwardNeedsAScalarOrASeed() {
        Tensor x = Tensor.vector(1, 2).requiresGrad(true);
        assertThrows(IllegalArgumentException.class, () -> x.mul(2f).backward());
        x.mul(2f).backward(Tensor.vector(1, 10));
        assertArrayEquals(new float[] {2, 20}, x.grad().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1).backward());
    }

    @Test
    void gradOfGradGivesSecondDerivatives() {
        Tensor x = Tensor.vector(0.5f, -1f).requiresGrad(true);
        Tensor dx = Autograd.grad(x.pow(3).sum(), List.of(x), true).get(0);
        assertArrayEquals(new float[] {0.75f, 3f}, dx.toFloatArray(), 1e-6f);
        Tensor d2x = Autograd.grad(dx.sum(), List.of(x), false).get(0);
        assertArrayEquals(new float[] {3f, -6f}, d2x.toFloatArray(), 1e-6f);
        assertNull(x.grad(), "grad() leaves .grad alone");
    }

    @Test
    void randomTensorsAreReproducibleFromTheSeed() {
        Tensor a = Tensor.uniform(new Rng(42), -1, 1, 3, 3);
        Tensor b = Tensor.uniform(new Rng(42), -1, 1, 3, 3);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        // Pinned: the draw is written out in Rng, so no JDK may change it.
        assertEquals(0x1.0p-24f * (new java.util.SplittableRandom(7).nextInt() >>> 8), new Rng(7).nextFloat());
        float[] normal = Tensor.normal(new Rng(1), 2f, 0.5f, 20000).toFloatArray();
        double mean = 0;
        double sq = 0;
        for (float v : normal) {
            mean += v;
            sq += (double) v * v;
        }
        mean /= normal.length;
        double std = Math.sqrt(sq / normal.length - mean * mean);
        assertEquals(2.0, mean, 0.02);
        assertEquals(0.5, std, 0.02);
        assertTrue(Tensor.uniform(new Rng(3), 0.9f, 1.1f, 1000).ge(0.9f).sum().item() == 1000f);
    }
}
