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

    /** The fatbins under {@code org/ganlab/backend/cuda/} and the kernels each holds. */
    static final Map<String, String[]> KERNELS = Map.of(
            "elementwise", new String[] {"unary_f32", "binary_f32", "binary_scalar_f32"},
            "reduce", new String[] {"reduce_serial_f32", "reduce_chunks_f32", "reduce_finish_f32"},
            "sgemm", new String[] {"gemm_tiled_nn", "gemm_tiled_nt", "gemm_tiled_tn", "gemm_tiled_tt", "gemm_small"});

    final CudaDriver.Probe device;
    final CUcontext context;
    final CUstream stream;
    private final Map<String, CUfunction> functions = new HashMap<>();
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
        for (Map.Entry<String, String[]> file : KERNELS.entrySet()) {
            CUmodule module = new CUmodule();
            CudaException.check("load " + file.getKey() + ".fatbin", cuModuleLoadData(module, fatbin(file.getKey())));
            for (String name : file.getValue()) {
                CUfunction function = new CUfunction();
                CudaException.check("find kernel " + name, cuModuleGetFunction(function, module, name));
                cuda.functions.put(name, function);
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

    CUfunction function(String name) {
        CUfunction f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("cuda: no kernel named " + name);
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
