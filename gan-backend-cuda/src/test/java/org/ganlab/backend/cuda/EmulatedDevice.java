package org.ganlab.backend.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.ganlab.backend.Backend;

/**
 * A {@link Device} whose memory is host memory and whose launches run the real kernel sources on the
 * host (src/test/emulation/emulated_device.cpp over cuda_emulation.h), one at a time. With it, the
 * whole of {@link CudaBackend} — view collapsing, reduction and product planning, argument checking,
 * the allocator — and the kernels run under gan-core's suites on machines without a GPU. It says
 * nothing of JCuda's marshalling or of a real GPU's behaviour; {@link JCudaDevice} and the
 * {@code @RequiresCuda} tests cover those.
 */
final class EmulatedDevice implements Device<Long> {

    private static Backend backend;

    /** The backend on the emulated device (the library is built on first use; tests skip without g++). */
    static synchronized Backend backend() {
        if (backend == null) {
            String jdk = System.getProperty("java.home");
            try {
                System.load(HostCompiler.build("emulated_device.cpp", "libganemu.so", "-shared", "-fPIC",
                        "-I" + jdk + "/include", "-I" + jdk + "/include/linux").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            backend = new CudaBackend<>(new EmulatedDevice(), true); // graphs on: the path a GPU takes once verified
        }
        return backend;
    }

    private static native long allocate0(long bytes);

    private static native void free0(long address);

    private static native void upload0(long address, float[] data);

    private static native void download0(long address, float[] out);

    private static native boolean launch0(String kernel, int gx, int gy, int gz, int threads, int[] ints,
            float[] floats, long[] pointers, int[] words);

    @Override
    public String name() {
        return "host emulation";
    }

    @Override
    public Long allocate(long bytes) {
        long address = allocate0(bytes);
        return address == 0 ? null : address;
    }

    @Override
    public void free(Long block) {
        free0(block);
    }

    @Override
    public Long offset(Long base, long bytes) {
        return base + bytes;
    }

    @Override
    public void upload(Long target, float[] data) {
        noCopiesWhileRecording("a copy to the device");
        upload0(target, data);
    }

    @Override
    public void download(Long source, float[] out) {
        noCopiesWhileRecording("a copy to the host");
        download0(source, out);
    }

    /** While a graph is recorded: its launches, run by {@link #endGraph}'s graph instead of now. */
    private List<Runnable> graph;

    @Override
    public void beginGraph() {
        if (graph != null) {
            throw new IllegalStateException("emulation: a graph is already being recorded");
        }
        graph = new java.util.ArrayList<>();
    }

    @Override
    public org.ganlab.backend.KernelGraphs.Graph endGraph() {
        List<Runnable> launches = List.copyOf(graph);
        graph = null;
        graphsRecorded++;
        return new org.ganlab.backend.KernelGraphs.Graph() {
            @Override
            public void launch() {
                launches.forEach(Runnable::run);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Graphs recorded so far (tests check that captured steps use them). */
    static int graphsRecorded;

    private void noCopiesWhileRecording(String what) {
        if (graph != null) {
            throw new IllegalStateException("emulation: " + what + " while a graph is recorded (stream capture forbids it)");
        }
    }

    @Override
    public void launch(Supplier<String> what, Kernels.Kernel kernel, int[] grid, int threads, KernelArgs<Long> args) {
        if (graph != null) {
            graph.add(() -> run(kernel, grid, threads, args));
            return;
        }
        run(kernel, grid, threads, args);
    }

    private void run(Kernels.Kernel kernel, int[] grid, int threads, KernelArgs<Long> args) {
        List<KernelArgs.Arg<Long>> list = args.list();
        int[] ints = new int[list.size()];
        float[] floats = new float[list.size()];
        long[] pointers = new long[list.size()];
        int[] words = new int[list.size() * 32];
        int ni = 0;
        int nf = 0;
        int np = 0;
        int nw = 0;
        for (KernelArgs.Arg<Long> arg : list) {
            if (arg instanceof KernelArgs.Int<Long> a) {
                ints[ni++] = a.value();
            } else if (arg instanceof KernelArgs.Real<Long> a) {
                floats[nf++] = a.value();
            } else if (arg instanceof KernelArgs.Struct<Long> a) {
                System.arraycopy(a.words(), 0, words, nw, a.words().length);
                nw += a.words().length;
            } else {
                KernelArgs.Address<Long> a = (KernelArgs.Address<Long>) arg;
                pointers[np++] = a.pointer() == null ? 0 : a.pointer() + 4L * a.offset();
            }
        }
        if (!launch0(kernel.name(), grid[0], grid[1], grid[2], threads, ints, floats, pointers, words)) {
            throw new IllegalStateException("emulation: no kernel " + kernel.name() + " in emulated_device.cpp");
        }
    }

    @Override
    public void synchronize(String what) {
        // launches run synchronously
    }
}
