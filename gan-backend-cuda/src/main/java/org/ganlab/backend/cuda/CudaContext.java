package org.ganlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUcontext;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * The device's primary context, the backend's one stream, and the kernels of the committed fatbins
 * (one per {@code src/main/cuda/*.cu}). The driver keeps a current context per thread, so every entry
 * point calls {@link #makeCurrent()} first; it costs one thread-local read after the first call.
 */
final class CudaContext {

    /** A kernel's name and the C types of its parameters, as in its .cu file (KernelSourcesTest compares). */
    record Kernel(String name, String... parameters) {
    }

    private static final String VIEW = "ViewDesc";
    private static final String IN = "const float*";
    private static final String OUT = "float*";

    /** The fatbins under {@code org/ganlab/backend/cuda/} and the kernels each holds. */
    static final Map<String, List<Kernel>> KERNELS = Map.of(
            "elementwise", List.of(
                    new Kernel("unary_f32", "int", "int", VIEW, IN, OUT),
                    new Kernel("binary_f32", "int", "int", VIEW, IN, VIEW, IN, OUT),
                    new Kernel("binary_scalar_f32", "int", "int", VIEW, IN, "float", OUT)),
            "reduce", List.of(
                    new Kernel("reduce_serial_f32", "int", "int", "int", VIEW, IN, OUT),
                    new Kernel("reduce_chunks_f32", "int", "int", "int", "int", VIEW, IN, "double*"),
                    new Kernel("reduce_finish_f32", "int", "int", "int", "const double*", OUT)),
            "optimizer", List.of(
                    new Kernel("sgd_f32", "int", IN, IN, IN, "int", "float", "float", "float", OUT, OUT),
                    new Kernel("adam_f32", "int", IN, IN, IN, "int", IN, "int", "float", "float", "float", "float",
                            "float", "int", "float", "float", "float", "float", OUT, OUT, OUT)),
            "sgemm", List.of(
                    new Kernel("gemm_tiled_nn", "GemmArgs", IN, IN, OUT),
                    new Kernel("gemm_tiled_nt", "GemmArgs", IN, IN, OUT),
                    new Kernel("gemm_tiled_tn", "GemmArgs", IN, IN, OUT),
                    new Kernel("gemm_tiled_tt", "GemmArgs", IN, IN, OUT),
                    new Kernel("gemm_small", "GemmArgs", IN, IN, OUT)));

    final CudaDriver.Probe device;
    final CUcontext context;
    final CUstream stream;
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<String, Integer> arity = new HashMap<>();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private CudaContext(CudaDriver.Probe device, CUcontext context, CUstream stream) {
        this.device = device;
        this.context = context;
        this.stream = stream;
    }

    static CudaContext open(CudaDriver.Probe device) {
        CUcontext context = new CUcontext();
        CudaException.check("retain the primary context of device " + device.ordinal(),
                cuDevicePrimaryCtxRetain(context, device.device()));
        CUstream stream = new CUstream();
        CudaContext cuda = new CudaContext(device, context, stream);
        cuda.makeCurrent();
        // Non-blocking: the stream does not wait for work other libraries put on the legacy default stream.
        CudaException.check("create the stream", cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING));
        for (Map.Entry<String, List<Kernel>> file : KERNELS.entrySet()) {
            CUmodule module = new CUmodule();
            CudaException.check("load " + file.getKey() + ".fatbin", cuModuleLoadData(module, fatbin(file.getKey())));
            for (Kernel kernel : file.getValue()) {
                CUfunction function = new CUfunction();
                CudaException.check("find kernel " + kernel.name(), cuModuleGetFunction(function, module, kernel.name()));
                cuda.functions.put(kernel.name(), function);
                cuda.arity.put(kernel.name(), kernel.parameters().length);
            }
        }
        return cuda;
    }

    void makeCurrent() {
        if (!current.get()) {
            CudaException.check("make the context current", cuCtxSetCurrent(context));
            current.set(true);
        }
    }

    /** The kernel, after checking the launch passes as many parameters as it takes (a wrong count would crash it). */
    CUfunction function(String name, int parameters) {
        CUfunction f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("cuda: no kernel named " + name);
        }
        if (arity.get(name) != parameters) {
            throw new IllegalStateException("cuda: kernel " + name + " takes " + arity.get(name) + " parameters, not "
                    + parameters);
        }
        return f;
    }

    static byte[] fatbin(String name) {
        String resource = "/org/ganlab/backend/cuda/" + name + ".fatbin";
        try (InputStream in = CudaContext.class.getResourceAsStream(resource)) {
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
