package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ganlab.nn.AvgPool2d;
import org.ganlab.nn.BatchNorm1d;
import org.ganlab.nn.BatchNorm2d;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.ConvTranspose2d;
import org.ganlab.nn.Flatten;
import org.ganlab.nn.Init;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.MaxPool2d;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Unflatten;
import org.ganlab.optim.Adam;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImageModulesTest extends ReferenceBackendTest {

    /** A DCGAN-shaped pair at 8×8: G from 6 numbers, D to one logit. */
    private static Sequential generator(Rng rng) {
        return new Sequential(new Linear(6, 32, false, rng), new BatchNorm1d(32), new LeakyReLU(0f),
                new Unflatten(8, 2, 2), new ConvTranspose2d(8, 4, 4, 2, 1, 0, false, rng), new BatchNorm2d(4),
                new LeakyReLU(0f), new ConvTranspose2d(4, 1, 4, 2, 1, 0, true, rng));
    }

    @Test
    void convolutionShapesFollowPytorch() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 3, 28, 28);
        assertArrayEquals(new int[] {2, 5, 14, 14}, new Conv2d(3, 5, 4, 2, 1, true, rng).forward(x).shape());
        assertArrayEquals(new int[] {2, 5, 26, 27},
                new Conv2d(3, 5, 3, 2, 1, 1, 0, 0, false, rng).forward(x).shape());
        Tensor small = Tensor.uniform(rng, -1, 1, 2, 3, 7, 7);
        assertArrayEquals(new int[] {2, 4, 14, 14}, new ConvTranspose2d(3, 4, 4, 2, 1, 0, true, rng).forward(small).shape());
        assertArrayEquals(new int[] {2, 4, 14, 14}, new ConvTranspose2d(3, 4, 3, 2, 1, 1, true, rng).forward(small).shape());
        assertArrayEquals(new int[] {2, 3, 14, 14}, new MaxPool2d(2).forward(x).shape());
        assertArrayEquals(new int[] {2, 3 * 7 * 7}, new Flatten().forward(new AvgPool2d(4).forward(x)).shape());
    }

    @Test
    void defaultInitialisationIsPytorchsBoundOnTheRightFanIn() {
        Rng rng = new Rng(2);
        Conv2d conv = new Conv2d(3, 8, 4, 2, 1, true, rng);
        ConvTranspose2d convT = new ConvTranspose2d(3, 8, 4, 2, 1, 0, true, rng);
        assertTrue(maxAbs(conv.weight()) <= 1 / Math.sqrt(3 * 16) && maxAbs(conv.weight()) > 0.9 / Math.sqrt(3 * 16));
        // PyTorch takes a transposed convolution's fan-in from the weight's second axis: out·kh·kw.
        assertTrue(maxAbs(convT.weight()) <= 1 / Math.sqrt(8 * 16) && maxAbs(convT.weight()) > 0.9 / Math.sqrt(8 * 16));
        assertTrue(maxAbs(convT.bias()) <= 1 / Math.sqrt(8 * 16));
    }

    @Test
    void dcganInitialisationDrawsConvolutionsAndBatchNormScales() {
        Sequential g = Init.dcgan(generator(new Rng(3)), new Rng(4));
        float[] w = g.namedParameters().get("4.weight").toFloatArray();
        assertEquals(0.02, std(w), 0.004);
        float[] gamma = g.namedParameters().get("5.weight").toFloatArray();
        assertEquals(1.0, mean(gamma), 0.05);
        assertEquals(0f, maxAbs(g.namedParameters().get("5.bias")));
        assertTrue(maxAbs(g.namedParameters().get("0.weight")) <= 1 / Math.sqrt(6), "linear layers keep PyTorch's default");
    }

    @Test
    void runningStatisticsAreStateNotParameters() {
        Sequential g = generator(new Rng(5));
        assertEquals(List.of("1.running_mean", "1.running_var", "5.running_mean", "5.running_var"),
                List.copyOf(g.namedBuffers().keySet()));
        assertFalse(g.namedParameters().containsKey("1.running_mean"));
        assertEquals(g.parameters().size() + 4, g.namedState().size());
        Tensor runningMean = g.namedBuffers().get("1.running_mean");
        Adam adam = new Adam(g.parameters(), 0.1, 0.5, 0.999, 1e-8, 0);
        g.forward(Tensor.uniform(new Rng(6), -1, 1, 4, 6)).sum().backward();
        float[] moved = runningMean.toFloatArray();
        adam.step();
        assertArrayEquals(moved, runningMean.toFloatArray(), "the optimiser leaves running statistics alone");
        assertTrue(maxAbs(runningMean) > 0, "a training-mode call moves them");
    }

    @Test
    void evaluationModeUsesAndKeepsTheRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.uniform(new Rng(7), 1, 3, 4, 2, 3, 3);
        bn.forward(x);
        float[] mean = bn.runningMean().toFloatArray();
        bn.eval();
        assertFalse(bn.isTraining());
        Tensor y = bn.forward(x);
        assertArrayEquals(mean, bn.runningMean().toFloatArray(), "evaluation leaves the statistics alone");
        // (x − running mean) / sqrt(running var + eps), with running = 0.9·(0, 1) + 0.1·batch.
        float expected = (x.toFloatArray()[0] - mean[0]) / (float) Math.sqrt(bn.runningVar().toFloatArray()[0] + 1e-5);
        assertEquals(expected, y.toFloatArray()[0], 1e-6);
        bn.train();
        assertTrue(bn.isTraining());
    }

    @Test
    void badShapesAreRefusedNamingTheLayer() {
        Rng rng = new Rng(8);
        ShapeException channels = assertThrows(ShapeException.class,
                () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 2, 2)));
        assertTrue(channels.getMessage().contains("3 channels"), channels.getMessage());
        ShapeException one = assertThrows(ShapeException.class,
                () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
        assertTrue(one.getMessage().contains("more than one value per channel"), one.getMessage());
        ShapeException odd = assertThrows(ShapeException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(1, 1, 5, 4)));
        assertTrue(odd.getMessage().contains("multiples of 2"), odd.getMessage());
        ShapeException conv = assertThrows(ShapeException.class,
                () -> new Conv2d(3, 4, 3, 1, 0, true, rng).forward(Tensor.zeros(1, 2, 5, 5)));
        assertTrue(conv.getMessage().contains("conv2d"), conv.getMessage());
    }

    @Test
    void aWeightAsAMatrixHasTheOutputsAsRows() {
        Rng rng = new Rng(9);
        assertArrayEquals(new int[] {5, 3 * 4 * 2}, new Conv2d(3, 5, 4, 2, 1, 1, 0, 0, true, rng)
                .asMatrix(Tensor.zeros(5, 3, 4, 2)).shape());
        ConvTranspose2d convT = new ConvTranspose2d(3, 5, 4, 2, 1, 0, true, rng);
        Tensor m = convT.asMatrix(convT.weight());
        assertArrayEquals(new int[] {5, 3 * 16}, m.shape());
        // Row 0 is output channel 0: input channel 0's kernel, then input channel 1's (weight [1][0]) ...
        assertEquals(convT.weight().toFloatArray()[1], m.toFloatArray()[1]);
        assertEquals(convT.weight().toFloatArray()[5 * 16], m.toFloatArray()[16]);
    }

    private static float maxAbs(Tensor t) {
        float max = 0;
        for (float v : t.toFloatArray()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
