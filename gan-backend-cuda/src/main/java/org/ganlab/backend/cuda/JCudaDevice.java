package org.ganlab.backend.cuda;

import static jcuda.driver.JCudaDriver.CU_LAUNCH_PARAM_BUFFER_POINTER;
import static jcuda.driver.JCudaDriver.CU_LAUNCH_PARAM_BUFFER_SIZE;
import static jcuda.driver.JCudaDriver.CU_LAUNCH_PARAM_END;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;
import jcuda.driver.CUstream_flags;

/**
 * A GPU through JCuda's driver API: the device's primary context, one non-blocking stream, and the
 * kernels of the committed fatbins (one per {@code src/main/cuda/*.cu}). The driver keeps a current
 * context per thread, so every call makes it current first; that costs one thread-local read after
 * the first call in a thread.
 */
final class JCudaDevice implements Device<CUdeviceptr> {

    /** Wait after every kernel (slow; for finding which kernel failed). */
    static final String SYNC_PROPERTY = "gan.cuda.sync";

    private final CudaDriver.Probe probe;
    private final CUcontext context;
    private final CUstream stream = new CUstream();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private final boolean syncEachKernel = Boolean.getBoolean(SYNC_PROPERTY);
    private final Object stagingLock = new Object();
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);
    private final ThreadLocal<PackedArgs> packed = ThreadLocal.withInitial(PackedArgs::new);

    /**
     * A thread's kernel arguments, laid out as the kernel's C parameter list lays them out (each at its
     * type's alignment), in one direct buffer handed to cuLaunchKernel's {@code extra}: the driver copies
     * them at the call, and no Java array is pinned per argument. The buffer and the pointers to it are
     * made once.
     */
    private static final class PackedArgs {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(1024).order(ByteOrder.nativeOrder());
        final ByteBuffer size = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        final Pointer extra = Pointer.to(new NativePointerObject[] {CU_LAUNCH_PARAM_BUFFER_POINTER, Pointer.to(bytes),
            CU_LAUNCH_PARAM_BUFFER_SIZE, Pointer.to(size), CU_LAUNCH_PARAM_END});
    }

    /** A JCuda pointer's base address and its byte offset, which JCuda keeps apart and does not expose. */
    private static final MethodHandle NATIVE_POINTER;
    private static final MethodHandle BYTE_OFFSET;

    static {
        try {
            NATIVE_POINTER = MethodHandles.privateLookupIn(NativePointerObject.class, MethodHandles.lookup())
                    .findVirtual(NativePointerObject.class, "getNativePointer", MethodType.methodType(long.class));
            BYTE_OFFSET = MethodHandles.privateLookupIn(Pointer.class, MethodHandles.lookup())
                    .findVirtual(Pointer.class, "getByteOffset", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JCudaDevice(CudaDriver.Probe probe, CUcontext context) {
        this.probe = probe;
        this.context = context;
    }

    static JCudaDevice open(CudaDriver.Probe probe) {
        CUcontext context = new CUcontext();
        CudaException.check("retain the primary context of device " + probe.ordinal(),
                cuDevicePrimaryCtxRetain(context, probe.device()));
        JCudaDevice device = new JCudaDevice(probe, context);
        device.makeCurrent();
        // Non-blocking: the stream does not wait for work other libraries put on the legacy default stream.
        CudaException.check("create the stream", cuStreamCreate(device.stream, CUstream_flags.CU_STREAM_NON_BLOCKING));
        for (Map.Entry<String, List<Kernels.Kernel>> file : Kernels.byFile().entrySet()) {
            CUmodule module = new CUmodule();
            CudaException.check("load " + file.getKey() + ".fatbin", cuModuleLoadData(module, fatbin(file.getKey())));
            for (Kernels.Kernel kernel : file.getValue()) {
                CUfunction function = new CUfunction();
                CudaException.check("find kernel " + kernel.name(), cuModuleGetFunction(function, module, kernel.name()));
                device.functions.put(kernel.name(), function);
            }
        }
        return device;
    }

    private void makeCurrent() {
        if (!current.get()) {
            CudaException.check("make the context current", cuCtxSetCurrent(context));
            current.set(true);
        }
    }

    @Override
    public String name() {
        return probe.deviceName();
    }

    @Override
    public CUdeviceptr allocate(long bytes) {
        makeCurrent();
        CUdeviceptr p = new CUdeviceptr();
        int result = cuMemAlloc(p, bytes);
        if (result == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            return null;
        }
        CudaException.check("allocate " + bytes + " bytes", result);
        return p;
    }

    @Override
    public void free(CUdeviceptr block) {
        makeCurrent();
        CudaException.check("free a cached block", cuMemFree(block));
    }

    @Override
    public CUdeviceptr offset(CUdeviceptr base, long bytes) {
        return base.withByteOffset(bytes);
    }

    @Override
    public void upload(CUdeviceptr target, float[] data) {
        makeCurrent();
        synchronized (stagingLock) {
            staging(data.length).asFloatBuffer().put(data);
            // From pageable memory the driver copies the source to its own staging area before it
            // returns, so the next upload may overwrite ours while this copy is still queued.
            CudaException.check(() -> "upload " + data.length + " floats",
                    cuMemcpyHtoDAsync(target, Pointer.to(staging), 4L * data.length, stream));
        }
    }

    @Override
    public void download(CUdeviceptr source, float[] out) {
        makeCurrent();
        synchronized (stagingLock) {
            CudaException.check(() -> "download " + out.length + " floats",
                    cuMemcpyDtoHAsync(Pointer.to(staging(out.length)), source, 4L * out.length, stream));
            waitFor(() -> "download " + out.length + " floats");
            staging.asFloatBuffer().get(out);
        }
    }

    private ByteBuffer staging(int floats) {
        if (staging.capacity() < 4 * floats) {
            staging = ByteBuffer.allocateDirect(Math.max(4 * floats, 2 * staging.capacity())).order(ByteOrder.nativeOrder());
        }
        return staging;
    }

    @Override
    public void launch(Supplier<String> what, Kernels.Kernel kernel, int[] grid, int threads,
            KernelArgs<CUdeviceptr> args) {
        makeCurrent();
        PackedArgs p = packed.get();
        pack(args.list(), p.bytes);
        p.size.putLong(0, p.bytes.position());
        Supplier<String> op = () -> what.get() + " (kernel " + kernel.name() + ")";
        CudaException.check(op, cuLaunchKernel(functions.get(kernel.name()), grid[0], grid[1], grid[2], threads, 1, 1, 0,
                stream, null, p.extra));
        if (syncEachKernel) {
            waitFor(op);
        }
    }

    /** The arguments at their C offsets: ints, floats and structs of ints 4-aligned, addresses 8-aligned. */
    static void pack(List<KernelArgs.Arg<CUdeviceptr>> args, ByteBuffer out) {
        out.clear();
        for (KernelArgs.Arg<CUdeviceptr> arg : args) {
            if (arg instanceof KernelArgs.Int<CUdeviceptr> a) {
                out.putInt(a.value());
            } else if (arg instanceof KernelArgs.Real<CUdeviceptr> a) {
                out.putFloat(a.value());
            } else if (arg instanceof KernelArgs.Struct<CUdeviceptr> a) {
                for (int w : a.words()) {
                    out.putInt(w);
                }
            } else {
                KernelArgs.Address<CUdeviceptr> a = (KernelArgs.Address<CUdeviceptr>) arg;
                out.position((out.position() + 7) & ~7);
                out.putLong(a.pointer() == null ? 0L : address(a.pointer()) + 4L * a.offset());
            }
        }
    }

    /** The device address a JCuda pointer stands for: its native pointer plus its byte offset. */
    private static long address(CUdeviceptr p) {
        try {
            return (long) NATIVE_POINTER.invokeExact((NativePointerObject) p) + (long) BYTE_OFFSET.invokeExact((Pointer) p);
        } catch (Throwable e) {
            throw new IllegalStateException("cuda: reading a device pointer's address", e);
        }
    }

    @Override
    public void synchronize(String what) {
        waitFor(() -> what);
    }

    @Override
    public void beginGraph() {
        makeCurrent();
        CudaException.check("begin recording a graph", JCudaDriver.cuStreamBeginCapture(stream,
                CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL));
    }

    @Override
    public org.ganlab.backend.KernelGraphs.Graph endGraph() {
        makeCurrent();
        CUgraph graph = new CUgraph();
        CudaException.check("end recording a graph", JCudaDriver.cuStreamEndCapture(stream, graph));
        CUgraphExec exec = new CUgraphExec();
        CudaException.check("instantiate a graph", JCudaDriver.cuGraphInstantiate(exec, graph, 0));
        return new org.ganlab.backend.KernelGraphs.Graph() {
            @Override
            public void launch() {
                makeCurrent();
                CudaException.check("launch a graph", JCudaDriver.cuGraphLaunch(exec, stream));
                if (syncEachKernel) {
                    waitFor(() -> "a graph");
                }
            }

            @Override
            public void close() {
                makeCurrent();
                JCudaDriver.cuGraphExecDestroy(exec);
                JCudaDriver.cuGraphDestroy(graph);
            }
        };
    }

    private void waitFor(Supplier<String> what) {
        makeCurrent();
        CudaException.check(() -> what.get() + (syncEachKernel ? "" : " (waiting for the stream; an earlier kernel may "
                + "have failed: -D" + SYNC_PROPERTY + "=true names it)"), cuStreamSynchronize(stream));
    }

    static byte[] fatbin(String name) {
        String resource = "/org/ganlab/backend/cuda/" + name + ".fatbin";
        try (InputStream in = JCudaDevice.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cuda: " + resource + " is missing from the jar; run "
                        + "gan-backend-cuda/build-kernels.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cuda: reading " + resource, e);
        }
    }
}
