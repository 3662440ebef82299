package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.autograd.Autograd;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A backward pass asked for some inputs only ({@code grad}, {@code backward(inputs)}) tells the rules
 * which gradients are wanted ({@link Autograd#needsGradient}), as PyTorch's engine does; a plain
 * {@code backward} wants every one. The gradients that are computed do not change.
 */
class GradientPruningTest extends ReferenceBackendTest {

    /** {@code x·w} as a function whose backward records what it was asked for. */
    private static Tensor probedProduct(Tensor x, Tensor w, List<String> asked) {
        Tensor value = x.detach().mul(w.detach());
        return Tensor.function("probe", value, g -> {
            asked.add((Autograd.needsGradient(x) ? "x" : "-") + (Autograd.needsGradient(w) ? "w" : "-"));
            return new Tensor[] {g.mul(w), g.mul(x)};
        }, x, w);
    }

    @Test
    void onlyTheGradientsAskedForAreWanted() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        Tensor w = Tensor.vector(3f, -1f).requiresGrad(true);
        List<String> asked = new ArrayList<>();

        List<Tensor> gx = Autograd.grad(probedProduct(x, w, asked).sum(), List.of(x), false);
        assertEquals(List.of("x-"), asked);
        assertArrayEquals(new float[] {3f, -1f}, gx.get(0).toFloatArray());

        asked.clear();
        probedProduct(x, w, asked).sum().backward(List.of(w));
        assertEquals(List.of("-w"), asked);
        assertArrayEquals(new float[] {1f, 2f}, w.grad().toFloatArray());
        assertEquals(null, x.grad(), "x was not asked for");

        asked.clear();
        probedProduct(x, w, asked).sum().backward();
        assertEquals(List.of("xw"), asked);
    }

    @Test
    void aBranchThatLeadsToNoInputAskedForIsNotDifferentiated() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        Tensor w = Tensor.vector(3f, -1f).requiresGrad(true);
        Tensor v = Tensor.vector(5f, 7f).requiresGrad(true);
        List<String> asked = new ArrayList<>();
        Tensor loss = x.mul(x).sum().add(probedProduct(v, w, asked).sum());
        List<Tensor> gx = Autograd.grad(loss, List.of(x), false);
        assertEquals(List.of(), asked, "the v·w branch does not reach x");
        assertArrayEquals(new float[] {2f, 4f}, gx.get(0).toFloatArray());
    }
}
