package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganlab.loss.BceLoss;
import org.ganlab.loss.BceWithLogitsLoss;
import org.ganlab.loss.Losses;
import org.ganlab.loss.MseLoss;
import org.ganlab.loss.SoftmaxCrossEntropy;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossTest extends ReferenceBackendTest {

    @Test
    void bceClampsTheLogAtMinusHundredAndKeepsTheGradientFinite() {
        Tensor p = Tensor.vector(0f, 1f).requiresGrad(true);
        Tensor loss = new BceLoss().apply(p, Tensor.vector(1f, 0f));
        assertEquals(100f, loss.item(), 1e-4, "log(0) is clamped to -100, as in PyTorch");
        loss.backward();
        for (float g : p.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g), "finite gradient at saturation: " + g);
        }
    }

    @Test
    void bceWithLogitsIsStableForLargeLogits() {
        Tensor x = Tensor.vector(100f, -100f, 0f).requiresGrad(true);
        Tensor loss = new BceWithLogitsLoss().apply(x, Tensor.vector(0f, 0f, 1f));
        assertEquals((100f + 0f + (float) Math.log(2)) / 3, loss.item(), 1e-4);
        loss.backward();
        assertArrayEquals(new float[] {1f / 3, 0f, -0.5f / 3}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void weightsScaleEachElementBeforeTheMean() {
        Tensor p = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor t = Tensor.zeros(2, 2);
        assertEquals((1 + 4 * 0 + 9 + 16 * 0) / 4f, new MseLoss().apply(p, t, Tensor.of(new float[] {1, 0}, 1, 2)).item());
        assertEquals((1 + 4) * 2 / 4f + (9 + 16) / 4f,
                new MseLoss().apply(p, t, Tensor.of(new float[] {2, 1}, 2, 1)).item());
        assertThrows(ShapeException.class, () -> new MseLoss().apply(p, t, Tensor.ones(3)));
        ShapeException e = assertThrows(ShapeException.class, () -> new MseLoss().apply(p, Tensor.zeros(4)));
        assertEquals("mse: prediction shape [2, 2] differs from target shape [4]", e.getMessage());
    }

    @Test
    void lossesAreFoundByName() {
        assertEquals("bce_logits", Losses.byName("BCE_LOGITS").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("hinge"));
        assertTrue(e.getMessage().contains("mse"), e.getMessage());
    }

    @Test
    void softmaxCrossEntropyIsLogSumExpLessThePickedLogitWithGradientSoftmaxLessOneHot() {
        Tensor uniform = Tensor.zeros(2, 10);
        assertEquals(Math.log(10), SoftmaxCrossEntropy.apply(uniform, new int[] {3, 9}).item(), 1e-6);
        // logits (1, 2, 3): −log softmax = log(e + e² + e³) − picked; softmax = (0.0900, 0.2447, 0.6652)
        Tensor x = Tensor.of(new float[] {1, 2, 3, 1000, 0, -1000}, 2, 3).requiresGrad(true);
        Tensor loss = SoftmaxCrossEntropy.apply(x, new int[] {0, 1});
        double first = Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 1;
        assertEquals((first + 1000) / 2, loss.item(), 1e-3, "no overflow for a logit of 1000");
        loss.backward();
        double z = Math.E + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new float[] {(float) ((Math.E / z - 1) / 2), (float) (Math.exp(2) / z / 2),
                (float) (Math.exp(3) / z / 2), 0.5f, -0.5f, 0f}, x.grad().toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.apply(uniform, new int[] {10, 0}));
        assertThrows(ShapeException.class, () -> SoftmaxCrossEntropy.apply(uniform, new int[] {1}));
    }
}
