package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.View;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The cpu convolutions take a batch a chunk of images at a time: chunks of any size give the same bits. */
class ConvolutionChunksTest {

    @Test
    void smallChunksGiveTheBitsOfOneChunk() {
        Backend cpu = Backends.get("cpu");
        ConvGeometry g = new ConvGeometry(7, 6, 9, 8, 5, 4, 3, 2, 1, 1, 1);
        Rng rng = new Rng(5);
        View x = Tensor.uniform(rng, -1, 1, g.inputShape()).contiguous().view();
        View w = Tensor.uniform(rng, -1, 1, g.weightShape()).contiguous().view();
        View dy = Tensor.uniform(rng, -1, 1, g.outputShape()).contiguous().view();
        float[][] whole = run(cpu, g, x, w, dy);
        int perImage = 6 * 4 * 3 * g.outH() * g.outW();
        for (int images : new int[] {1, 2, 3}) {
            System.setProperty(Convolution.CHUNK_PROPERTY, Integer.toString(images * perImage));
            try {
                float[][] chunked = run(cpu, g, x, w, dy);
                assertArrayEquals(whole[0], chunked[0], "forward, chunks of " + images);
                assertArrayEquals(whole[1], chunked[1], "input gradient, chunks of " + images);
                assertArrayEquals(whole[2], chunked[2], "weight gradient, chunks of " + images);
            } finally {
                System.clearProperty(Convolution.CHUNK_PROPERTY);
            }
        }
    }

    private static float[][] run(Backend cpu, ConvGeometry g, View x, View w, View dy) {
        Buffer out = cpu.allocate(size(g.outputShape()));
        Buffer dx = cpu.allocate(size(g.inputShape()));
        Buffer dw = cpu.allocate(size(g.weightShape()));
        cpu.conv2d(x, w, g, out);
        cpu.conv2dInputGrad(dy, w, g, dx);
        cpu.conv2dWeightGrad(x, dy, g, dw);
        return new float[][] {cpu.download(out), cpu.download(dx), cpu.download(dw)};
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
