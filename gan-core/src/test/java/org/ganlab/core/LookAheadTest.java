package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ganlab.autograd.Autograd;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Tanh;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.optim.LookAhead;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.RmsProp;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.ganlab.testing.Bits;
import org.junit.jupiter.api.Test;

/**
 * An optimiser's look-ahead takes the steps the optimiser itself would (the same bits, on the
 * composed path), from its state, without changing it; and a module's forward pass with replaced
 * parameters.
 */
class LookAheadTest extends ReferenceBackendTest {

    static final float[][] GRADS = {{1f, 0.5f, -2f}, {0.3f, -1f, 0.25f}, {2f, 2f, 2f}, {-1f, 0.1f, 0f}};

    /** Two real steps, then two look-ahead steps against two more real steps of a copy. */
    private static void looksAheadAsItSteps(String name, Function<Tensor, Optimizer> make) {
        Tensor p = Tensor.vector(1f, -2f, 0.5f).requiresGrad(true);
        Tensor twin = Tensor.vector(1f, -2f, 0.5f).requiresGrad(true);
        Optimizer o = make.apply(p);
        Optimizer t = make.apply(twin);
        for (int s = 0; s < 4; s++) {
            twin.setGrad(Tensor.vector(GRADS[s]));
            t.step();
            if (s < 2) {
                p.setGrad(Tensor.vector(GRADS[s]));
                o.step();
            }
        }
        Optimizer.State before = o.state();
        LookAhead ahead = o.lookAhead(o.lr());
        ahead.step(List.of(Tensor.vector(GRADS[2])));
        ahead.step(List.of(Tensor.vector(GRADS[3])));
        assertArrayEquals(Bits.of(twin.toFloatArray()), Bits.of(ahead.params().get(0).toFloatArray()), name);
        Optimizer.State after = o.state();
        before.tensors().forEach((k, v) -> assertArrayEquals(v[0] == null ? null : Bits.of(v[0]),
                after.tensors().get(k)[0] == null ? null : Bits.of(after.tensors().get(k)[0]), name + " " + k + " unchanged"));
        before.counters().forEach((k, v) -> assertArrayEquals(v, after.counters().get(k), name + " " + k));
    }

    @Test
    void aLookAheadTakesTheOptimisersOwnStepsAndLeavesItAlone() {
        looksAheadAsItSteps("sgd", p -> new Sgd(List.of(p), 0.1));
        looksAheadAsItSteps("sgd, momentum and weight decay", p -> new Sgd(List.of(p), 0.1, 0.9, 0.01));
        looksAheadAsItSteps("adam", p -> new Adam(List.of(p), 0.01, 0.5, 0.999, 1e-8, 0));
        looksAheadAsItSteps("adam, L2", p -> new Adam(List.of(p), 0.01, 0.9, 0.999, 1e-8, 0.1));
        looksAheadAsItSteps("adamw", p -> new AdamW(List.of(p), 0.01));
        looksAheadAsItSteps("rmsprop", p -> new RmsProp(List.of(p), 0.01, 0.9, 1e-8, 0));
    }

    @Test
    void aLookAheadKeepsTheGraphThroughItsSteps() {
        // one SGD look-ahead step on L = ½‖p − c‖²: p₁ = p − lr(p − c); d(½‖p₁‖²)/dc = lr·p₁
        Tensor p = Tensor.vector(1f, -2f).requiresGrad(true);
        Tensor c = Tensor.vector(0.5f, 0.25f).requiresGrad(true);
        Optimizer o = new Sgd(List.of(p), 0.2);
        LookAhead ahead = o.lookAhead(o.lr());
        Tensor loss = p.sub(c).mul(p.sub(c)).sum().mul(0.5f);
        ahead.step(Autograd.grad(List.of(loss), List.of(p), null, true));
        Tensor p1 = ahead.params().get(0);
        Tensor dc = Autograd.grad(p1.mul(p1).sum().mul(0.5f), List.of(c), false).get(0);
        float[] expected = p1.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= 0.2f;
        }
        assertArrayEquals(expected, dc.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> ahead.step(List.of()));
    }

    @Test
    void forwardWithReplacedParametersLeavesTheModuleAlone() {
        Rng rng = new Rng(3);
        Linear first = new Linear(2, 3, true, rng);
        Sequential net = new Sequential(first, new Tanh(), new Linear(3, 1, true, rng));
        Tensor x = Tensor.uniform(rng, -1, 1, 4, 2);
        Tensor w = Tensor.uniform(rng, -1, 1, 3, 2);
        Tensor y = net.forwardWith(Map.of(first.weight(), w), x);
        Sequential same = new Sequential(new Linear(w, first.bias()), new Tanh(), net.children().get(2));
        assertArrayEquals(Bits.of(same.forward(x).toFloatArray()), Bits.of(y.toFloatArray()));
        float[] plain = net.forward(x).toFloatArray();
        assertTrue(!java.util.Arrays.equals(plain, y.toFloatArray()), "the replacement is used");
        assertEquals(2, first.weight().shape()[1]);
        assertThrows(IllegalArgumentException.class, () -> net.forwardWith(Map.of(w, w), x));
        assertThrows(RuntimeException.class, () -> net.forwardWith(Map.of(first.weight(), Tensor.zeros(2, 3)), x));
    }
}
