package org.ganlab.bench;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Base of every benchmark: the backend under test, by name. {@code bench/run.sh} passes every
 * backend found on the classpath ({@code -p backend=cpu,cuda}); tensors are made on it explicitly.
 */
@State(Scope.Thread)
public abstract class BackendBench {

    @Param({"cpu"})
    public String backend;

    protected Backend on;

    protected void selectBackend() {
        on = Backends.get(backend);
    }

    /** "1": the CPU backend keeps every product on one thread (gan.cpu.threads=1); "all": every core. */
    protected static void useThreads(String threads) {
        if (threads.equals("1")) {
            System.setProperty("gan.cpu.threads", "1");
        } else {
            System.clearProperty("gan.cpu.threads");
        }
    }

    protected Tensor random(Rng rng, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = rng.uniform(-1, 1);
        }
        return Tensor.of(on, data, shape);
    }
}
