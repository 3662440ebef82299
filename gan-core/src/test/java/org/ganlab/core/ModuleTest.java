package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleTest extends ReferenceBackendTest {

    @Test
    void parametersAreNamedAndOrderedAsInPytorch() {
        Sequential net = new Sequential(new Linear(4, 3, false, new Rng(1)), new Sigmoid(),
                new Linear(3, 1, true, new Rng(2)), new Sigmoid());
        assertEquals(List.of("0.weight", "2.weight", "2.bias"), List.copyOf(net.namedParameters().keySet()));
        assertArrayEquals(new int[] {3, 4}, net.parameters().get(0).shape());
        assertTrue(net.parameters().stream().allMatch(Tensor::requiresGrad));
        assertTrue(net.toString().contains("(2): Linear(in=3, out=1, bias=true)"), net.toString());
    }

    @Test
    void linearInitialisationIsPytorchsUniformBoundAndSeeded() {
        Linear a = new Linear(16, 8, true, new Rng(9));
        Linear b = new Linear(16, 8, true, new Rng(9));
        assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());
        float bound = 0.25f;
        float max = 0;
        for (float w : a.weight().toFloatArray()) {
            max = Math.max(max, Math.abs(w));
        }
        for (float w : a.bias().toFloatArray()) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max <= bound && max > 0.8f * bound, "uniform in ±1/sqrt(in): max |w| " + max);
    }

    @Test
    void linearComputesXWTransposePlusB() {
        Linear l = new Linear(Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}), Tensor.vector(1, 0, -1));
        Tensor y = l.forward(Tensor.of(new float[][] {{1, 1}, {0, 2}}));
        assertArrayEquals(new float[] {4, 7, 10, 5, 8, 11}, y.toFloatArray());
    }

    @Test
    void frozenModulesGetNoGradientAndZeroGradClears() {
        Linear g = new Linear(2, 2, true, new Rng(1));
        Linear d = new Linear(2, 1, true, new Rng(2));
        d.requiresGrad(false);
        d.forward(g.forward(Tensor.ones(3, 2)).sigmoid()).sum().backward();
        assertNull(d.weight().grad());
        assertNotNull(g.weight().grad());
        g.zeroGrad();
        assertNull(g.weight().grad());
        assertEquals(0.01f * -2f, new LeakyReLU().forward(Tensor.scalar(-2f)).item(), 1e-9);
    }

    @Test
    void modulesListsEveryModuleDepthFirst() {
        Linear inner = new Linear(2, 2, true, new Rng(1));
        Sequential net = new Sequential(new Sequential(inner, new Sigmoid()), new Linear(2, 1, false, new Rng(2)));
        List<org.ganlab.nn.Module> all = net.modules();
        assertEquals(5, all.size());
        assertTrue(all.get(0) == net && all.get(2) == inner);
    }

    /** The parametrized weight is used and differentiated through; the parameter stays the plain weight. */
    @Test
    void aWeightParametrizationIsAppliedAtEveryForwardAndDifferentiated() {
        Linear l = new Linear(Tensor.of(new float[][] {{1, 2}}), null);
        l.parametrizeWeight(w -> w.mul(w));
        Tensor y = l.forward(Tensor.of(new float[][] {{3, 5}}));
        assertEquals(1 * 3 + 4 * 5, y.item());
        y.sum().backward();
        assertArrayEquals(new float[] {2 * 1 * 3, 2 * 2 * 5}, l.weight().grad().toFloatArray(), "d(x·w²)/dw = 2wx");
        assertEquals(List.of(l.weight()), l.parameters());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> l.parametrizeWeight(w -> w));
    }
}
