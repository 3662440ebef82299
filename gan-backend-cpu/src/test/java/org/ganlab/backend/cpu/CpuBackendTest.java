package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ganlab.backend.Backends;
import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

class CpuBackendTest {

    static float[] random(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }

    @Test
    void theJarOnTheClasspathIsTheDefaultBackend() {
        // The test classpath also holds gan-core's reference backend (priority -100): cpu must win.
        assertEquals("cpu", Backends.getDefault().name());
        assertEquals("cpu", Backends.get("cpu").name());
    }

    @Test
    void theVectorKernelRunsInTheseTestsAndMatchesTheScalarKernelBitForBit() {
        assertEquals(true, Matmul.VECTOR, "surefire starts the JVM with --add-modules jdk.incubator.vector");
        Rng rng = new Rng(8);
        int[][] sizes = {{1, 1, 16}, {5, 7, 33}, {4, 64, 32}, {13, 130, 70}, {64, 64, 64}, {3, 1, 100}};
        for (int[] s : sizes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = random(rng, m * k);
            float[] b = random(rng, k * n);
            float[] vector = new float[m * n];
            VectorGemm.rows(a, 0, b, 0, vector, 0, 0, m, k, n);
            float[] scalar = new float[m * n];
            Matmul.rows(a, 0, b, 0, scalar, 0, 0, m, k, n);
            assertArrayEquals(scalar, vector, m + "x" + k + "x" + n);
        }
    }

    @Test
    void narrowTallProductsGoThroughTheTransposedKernelWithTheSameBits() {
        Rng rng = new Rng(9);
        for (int[] s : new int[][] {{512, 128, 1}, {40, 7, 2}, {16, 3, 15}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = random(rng, m * k);
            float[] b = random(rng, k * n);
            float[] viaBackend = new float[m * n];
            Matmul.batched(org.ganlab.backend.View.contiguous(new CpuBuffer(a), m, k),
                    org.ganlab.backend.View.contiguous(new CpuBuffer(b), k, n), viaBackend);
            float[] scalar = new float[m * n];
            Matmul.rows(a, 0, b, 0, scalar, 0, 0, m, k, n);
            assertArrayEquals(scalar, viaBackend, m + "x" + k + "x" + n);
        }
    }

    @Test
    void parallelMatmulIsBitIdenticalToOneThread() {
        int m = 256;
        int k = 300;
        int n = 200;
        Rng rng = new Rng(4);
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] parallel = new float[m * n];
        Matmul.product(a, 0, k, 1, b, 0, n, 1, parallel, 0, m, k, n);
        float[] sequential = new float[m * n];
        Matmul.rows(a, 0, b, 0, sequential, 0, 0, m, k, n);
        assertArrayEquals(sequential, parallel);
    }
}
