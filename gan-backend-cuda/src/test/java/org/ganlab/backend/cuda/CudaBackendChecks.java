package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.View;
import org.ganlab.loss.BceLoss;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.optim.Adam;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * What the CUDA backend promises beyond the shared suites: bits, memory reuse, reproducible steps.
 * Runs on a GPU ({@link CudaBackendTest}) and on the host emulation ({@link EmulatedCudaBackendTest}).
 */
abstract class CudaBackendChecks {

    final Backend cuda = cuda();
    final Backend cpu = Backends.get("cpu");

    abstract Backend cuda();
    final Rng rng = new Rng(7);

    float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }

    /** A [rows, cols] view of fresh data on a backend, stored transposed when asked, with an offset. */
    static View matrix(Backend b, float[] storage, int rows, int cols, boolean transposed, int offset) {
        return transposed ? new View(b.upload(storage), new int[] {rows, cols}, new int[] {1, rows}, offset)
                : new View(b.upload(storage), new int[] {rows, cols}, new int[] {cols, 1}, offset);
    }

    @Test
    void matmulHasTheCpuBackendsBitsInEveryLayoutAndKernel() {
        int[][] mkn = {{1, 4, 3}, {5, 1, 5}, {64, 64, 64}, {130, 70, 120}, {200, 37, 136}, {256, 512, 384}, {1, 512, 256}};
        for (int[] s : mkn) {
            for (int layout = 0; layout < 4; layout++) {
                for (int offset : new int[] {0, 1}) {
                    boolean ta = (layout & 1) != 0;
                    boolean tb = (layout & 2) != 0;
                    float[] a = random(s[0] * s[1] + offset);
                    float[] b = random(s[1] * s[2] + offset);
                    float[] expected = product(cpu, a, b, s, ta, tb, offset);
                    float[] actual = product(cuda, a, b, s, ta, tb, offset);
                    assertArrayEquals(expected, actual, s[0] + "x" + s[1] + "x" + s[2] + " layout " + layout + " offset "
                            + offset);
                }
            }
        }
    }

    static float[] product(Backend be, float[] a, float[] b, int[] s, boolean ta, boolean tb, int offset) {
        Buffer out = be.allocate(s[0] * s[2]);
        be.matmul(matrix(be, a, s[0], s[1], ta, offset), matrix(be, b, s[1], s[2], tb, offset), out);
        return be.download(out);
    }

    @Test
    void batchedAndBroadcastProductsHaveTheCpuBackendsBits() {
        float[] a = random(3 * 130 * 70);
        float[] w = random(70 * 90);
        Tensor expected = Tensor.of(cpu, a, 3, 130, 70).matmul(Tensor.of(cpu, w, 70, 90));
        Tensor actual = Tensor.of(cuda, a, 3, 130, 70).matmul(Tensor.of(cuda, w, 70, 90));
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray());
    }

    @Test
    void longReductionsAreReproducibleAndAccurate() {
        int n = 1 << 20;
        float[] data = random(n);
        View v = View.contiguous(cuda.upload(data), 4, n / 4);
        for (int[] outShape : new int[][] {{1, 1}, {4, 1}, {1, n / 4}}) {
            Buffer first = cuda.allocate(outShape[0] * outShape[1]);
            Buffer second = cuda.allocate(outShape[0] * outShape[1]);
            cuda.reduce(ReduceOp.SUM, v, outShape, first);
            cuda.reduce(ReduceOp.SUM, v, outShape, second);
            assertArrayEquals(cuda.download(first), cuda.download(second), "same input, same bits");
            Buffer ref = cpu.allocate(outShape[0] * outShape[1]);
            cpu.reduce(ReduceOp.SUM, View.contiguous(cpu.upload(data), 4, n / 4), outShape, ref);
            float[] expected = cpu.download(ref);
            float[] actual = cuda.download(first);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6 * n, "sum " + i);  // both sum in double
            }
            Buffer max = cuda.allocate(outShape[0] * outShape[1]);
            cuda.reduce(ReduceOp.MAX, v, outShape, max);
            Buffer cpuMax = cpu.allocate(outShape[0] * outShape[1]);
            cpu.reduce(ReduceOp.MAX, View.contiguous(cpu.upload(data), 4, n / 4), outShape, cpuMax);
            assertArrayEquals(cpu.download(cpuMax), cuda.download(max), "max is exact");
        }
    }

    @Test
    void closedBuffersGoBackToTheCacheAndCannotBeUsed() {
        CudaBackend<?> backend = (CudaBackend<?>) cuda;
        Buffer warm = backend.allocate(1000);
        warm.close();
        long before = backend.allocator().deviceAllocations();
        for (int i = 0; i < 100; i++) {
            try (Buffer b = backend.upload(random(1000))) {
                assertEquals(1000, backend.download(b).length);
            }
        }
        assertEquals(before, backend.allocator().deviceAllocations(), "every allocation came from the cache");
        Buffer closed = backend.upload(new float[] {1, 2});
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> backend.download(closed));
        assertEquals(0, backend.download(backend.allocate(0)).length);
    }

    @Test
    void unreachableBuffersAreReturnedByTheCleaner() throws InterruptedException {
        CudaBackend<?> backend = (CudaBackend<?>) cuda;
        long inUse = backend.allocator().bytesInUse();
        for (int i = 0; i < 50; i++) {
            backend.upload(new float[1 << 18]);  // 1 MiB each, never closed
        }
        for (int i = 0; i < 50 && backend.allocator().bytesInUse() > inUse + (8 << 20); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(backend.allocator().bytesInUse() <= inUse + (8 << 20), "the Cleaner gave the blocks back");
    }

    @Test
    void aGanStepReproducesBitForBitAndTracksTheCpu() {
        float[] cudaRun = ganSteps(cuda);
        assertArrayEquals(cudaRun, ganSteps(cuda), "same seed, same bits on the same backend");
        float[] cpuRun = ganSteps(cpu);
        for (int i = 0; i < cpuRun.length; i++) {
            assertEquals(cpuRun[i], cudaRun[i], 1e-4 + 1e-3 * Math.abs(cpuRun[i]), "parameter " + i);
        }
    }

    /** Five steps of an MLP GAN (batch 64) with Adam; returns G's parameters. */
    static float[] ganSteps(Backend backend) {
        try (Backends.Scope scope = Backends.use(backend)) {
            Rng rng = new Rng(42);
            Sequential g = new Sequential(new Linear(8, 32, true, rng), new LeakyReLU(0.2f), new Linear(32, 2, true, rng));
            Sequential d = new Sequential(new Linear(2, 32, true, rng), new LeakyReLU(0.2f), new Linear(32, 1, true, rng),
                    new Sigmoid());
            Adam optG = new Adam(g.parameters(), 1e-3);
            Adam optD = new Adam(d.parameters(), 1e-3);
            BceLoss bce = new BceLoss();
            for (int step = 0; step < 5; step++) {
                Tensor real = Tensor.normal(rng, 1f, 0.1f, 64, 2);
                Tensor fake = g.forward(Tensor.uniform(rng, -1f, 1f, 64, 8));
                optD.zeroGrad();
                bce.apply(d.forward(real), 1f).add(bce.apply(d.forward(fake.detach()), 0f)).backward();
                optD.step();
                optG.zeroGrad();
                bce.apply(d.forward(fake), 1f).backward();
                optG.step();
            }
            List<Float> out = new ArrayList<>();
            for (Tensor p : g.parameters()) {
                for (float x : p.toFloatArray()) {
                    out.add(x);
                }
            }
            float[] flat = new float[out.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = out.get(i);
            }
            return flat;
        }
    }
}
