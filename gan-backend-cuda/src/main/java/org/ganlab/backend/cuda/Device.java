package org.ganlab.backend.cuda;

import java.util.function.Supplier;

/**
 * What {@link CudaBackend} needs of a GPU: memory, copies on one stream, kernel launches and waiting.
 * {@link JCudaDevice} drives a real one through JCuda; the tests also run the same kernels on the host.
 *
 * @param <P> how the device names an address
 */
interface Device<P> extends CachingAllocator.DeviceMemory<P> {

    /** The GPU's name, e.g. "NVIDIA H100 80GB HBM3". */
    String name();

    /** Queues a copy of {@code data} to {@code target}; {@code data} may be reused when this returns. */
    void upload(P target, float[] data);

    /** Copies {@code out.length} floats from {@code source} once all queued work is done. */
    void download(P source, float[] out);

    /** Queues a kernel on {@code grid} blocks of {@code threads}; {@code what} names it in errors. */
    void launch(Supplier<String> what, Kernels.Kernel kernel, int[] grid, int threads, KernelArgs<P> args);

    /** Waits for all queued work. */
    void synchronize(String what);

    /** Starts recording this stream's launches into a graph instead of running them (CUDA stream capture). */
    void beginGraph();

    /** Ends the recording: the launches since {@link #beginGraph}, ready to launch as one. */
    org.ganlab.backend.KernelGraphs.Graph endGraph();
}
