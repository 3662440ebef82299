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

/** Square single-precision matrix products, n×n by n×n (2n³ flops). */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatmulBench extends BackendBench {

    @Param({"4", "16", "64", "256", "512", "1024"})
    public int n;

    /** 1: one thread (gan.cpu.threads=1); all: every core. */
    @Param({"1", "all"})
    public String threads;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        useThreads(threads);
        selectBackend();
        Rng rng = new Rng(1);
        a = random(rng, n, n);
        b = random(rng, n, n);
    }

    @Benchmark
    public Tensor square() {
        Tensor c = a.matmul(b);
        on.synchronize();
        return c;
    }
}
