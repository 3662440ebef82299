package org.ganlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.backend.OptimizerKernels;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A backend's fused optimiser updates give the same bits as the optimisers' composed updates (run on
 * {@link ReferenceBackend}, which has no fused kernels), for SGD with and without momentum and weight
 * decay, Adam with L2 decay and AdamW.
 */
public abstract class OptimizerKernelsSuite extends BackendTestBase {

    static float[] train(Backend backend, Function<List<Tensor>, Optimizer> make) {
        try (var scope = Backends.use(backend)) {
            Rng rng = new Rng(11);
            Tensor p = Tensor.uniform(rng, -1, 1, 7, 5).requiresGrad(true);
            Optimizer opt = make.apply(List.of(p));
            for (int step = 0; step < 6; step++) {
                opt.zeroGrad();
                p.mul(p).mul(Tensor.uniform(rng, -2, 2, 7, 5)).sum().backward();
                opt.step();
            }
            return p.toFloatArray();
        }
    }

    @Test
    void fusedUpdatesEqualComposedOnesBitForBit() {
        assertTrue(backend() instanceof OptimizerKernels, backend().name() + " offers fused updates");
        Backend reference = new ReferenceBackend();
        List<Function<List<Tensor>, Optimizer>> optimizers = List.of(
                ps -> new Sgd(ps, 0.1),
                ps -> new Sgd(ps, 0.05, 0.9, 0.01),
                ps -> new Adam(ps, 0.05),
                ps -> new Adam(ps, 0.01, 0.8, 0.99, 1e-6, 0.1),
                ps -> new AdamW(ps, 0.02, 0.9, 0.999, 1e-8, 0.3));
        for (int i = 0; i < optimizers.size(); i++) {
            assertArrayEquals(train(reference, optimizers.get(i)), train(backend(), optimizers.get(i)), "optimizer " + i);
        }
    }
}
