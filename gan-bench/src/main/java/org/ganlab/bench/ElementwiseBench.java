package org.ganlab.bench;

import java.util.concurrent.TimeUnit;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Elementwise kernels and a full sum over 10³ and 10⁶ elements. */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElementwiseBench extends BackendBench {

    @Param({"1000", "1000000"})
    public int size;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        selectBackend();
        Rng rng = new Rng(3);
        a = random(rng, size);
        b = random(rng, size);
    }

    /** Each call in its own memory scope, as in a training step: the output buffer is reused, not collected. */
    private Tensor timed(java.util.function.Supplier<Tensor> op) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor t = op.get();
            on.synchronize();
            return t;
        }
    }

    @Benchmark
    public Tensor add() {
        return timed(() -> a.add(b));
    }

    @Benchmark
    public Tensor mul() {
        return timed(() -> a.mul(b));
    }

    @Benchmark
    public Tensor sigmoid() {
        return timed(a::sigmoid);
    }

    @Benchmark
    public Tensor sum() {
        return timed(a::sum);
    }
}
