package org.ganlab.bench;

import java.util.concurrent.TimeUnit;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The products the seed networks compute, {@code x W^T} as Linear does: batch×in by (out×in)^T.
 * 1010 D: 1×4·(3×4)^T, 1×3·(1×3)^T; 1010 G: 1×4·(4×4)^T; single-point D: 32×1·(2×1)^T, 32×2·(1×2)^T.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SeedShapesBench extends BackendBench {

    /** batch x in x out. */
    @Param({"1x4x3", "1x3x1", "1x4x4", "32x1x2", "32x2x1"})
    public String shape;

    private Tensor x;
    private Tensor w;

    @Setup
    public void setup() {
        selectBackend();
        String[] p = shape.split("x");
        Rng rng = new Rng(2);
        x = random(rng, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        w = random(rng, Integer.parseInt(p[2]), Integer.parseInt(p[1]));
    }

    @Benchmark
    public Tensor linearProduct() {
        Tensor y = x.matmul(w.transpose());
        on.synchronize();
        return y;
    }
}
