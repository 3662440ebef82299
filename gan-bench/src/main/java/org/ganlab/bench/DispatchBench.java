package org.ganlab.bench;

import java.util.concurrent.TimeUnit;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * The dispatch floor of a backend, the costs every tiny training step is made of: one elementwise
 * kernel on 32 floats (launched, not waited for: 100 per invocation, then one wait), one wait with
 * nothing queued, one scalar read back (a wait and a copy to the host), and one scalar written
 * to the device.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBench extends BackendBench {

    static final int LAUNCHES = 100;

    private Tensor a;
    private Tensor scalar;

    @Setup
    public void setup() {
        selectBackend();
        Rng rng = new Rng(5);
        a = random(rng, 32);
        scalar = random(rng, 1);
    }

    /** Per kernel: launches queue up, and the one wait at the end is shared by 100 of them. */
    @Benchmark
    @OperationsPerInvocation(LAUNCHES)
    public Tensor launch() {
        Tensor t = a;
        for (int i = 0; i < LAUNCHES; i++) {
            t = t.mul(1.0001f);
        }
        on.synchronize();
        return t;
    }

    @Benchmark
    public void synchronize() {
        on.synchronize();
    }

    /** What {@code item()} costs: a wait for the queue, then four bytes to the host. */
    @Benchmark
    public float readScalar() {
        return scalar.item();
    }

    /** What {@code Tensor.full(1f, ...)} of a loss target costs: four bytes to the device. */
    @Benchmark
    public Tensor writeScalar() {
        return Tensor.of(on, new float[] {1f}, 1);
    }
}
