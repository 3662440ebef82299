package org.ganlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.OptimizerKernels;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;

/**
 * gan-core's primitives as CUDA kernels (src/main/cuda) on one non-blocking stream. Kernel launches
 * return at once; the host waits only in {@link #download} and {@link #synchronize}. A launch error
 * names its operation; an error inside a running kernel surfaces at the next wait, and
 * {@code -Dgan.cuda.sync=true} waits after every kernel so the failing one is named. SGD and Adam
 * updates run as one fused kernel per parameter (optimizer.cu) with the composed update's bits.
 */
public final class CudaBackend implements Backend, OptimizerKernels {

    /** Wait after every kernel (slow; for finding which kernel failed). */
    static final String SYNC_PROPERTY = "gan.cuda.sync";
    static final int THREADS = 256;
    /** Reductions of an axis up to this long run one thread per output. */
    static final int SERIAL_REDUCE_MAX = 256;
    /** Elements one block of reduce_chunks_f32 sums. */
    static final int REDUCE_CHUNK = 16384;

    private final CudaContext cuda;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final boolean syncEachKernel = Boolean.getBoolean(SYNC_PROPERTY);
    private final Object stagingLock = new Object();
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    CudaBackend(CudaContext cuda) {
        this.cuda = cuda;
        this.allocator = new CachingAllocator<>(new CachingAllocator.DeviceMemory<>() {
            @Override
            public CUdeviceptr allocate(long bytes) {
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
                CudaException.check("free a cached block", cuMemFree(block));
            }
        }, CudaBackend::runCleaners);
    }

    /** Unreachable buffers give their blocks back through the Cleaner, which runs after a collection. */
    private static void runCleaners() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The GPU's name, e.g. "NVIDIA H100 80GB HBM3". */
    public String deviceName() {
        return cuda.device.deviceName();
    }

    CachingAllocator<CUdeviceptr> allocator() {
        return allocator;
    }

    // ------------------------------------------------------------------------------------------ memory

    @Override
    public Buffer allocate(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("cuda: allocate " + size + " floats");
        }
        if (size == 0) {
            return new CudaBuffer(allocator, null, 0);
        }
        cuda.makeCurrent();
        CachingAllocator.Block<CUdeviceptr> block = allocator.allocate(4L * size);
        if (block == null) {
            throw new CudaException("allocate " + size + " floats (" + allocator.bytesInUse()
                    + " bytes in use by live buffers)", CUresult.CUDA_ERROR_OUT_OF_MEMORY);
        }
        return new CudaBuffer(allocator, block, size);
    }

    @Override
    public Buffer upload(float[] data) {
        Buffer buffer = allocate(data.length);
        if (data.length > 0) {
            synchronized (stagingLock) {
                staging(data.length).asFloatBuffer().put(data);
                // From pageable memory the driver copies the source to its own staging area before it
                // returns, so the next upload may overwrite ours while this copy is still queued.
                CudaException.check("upload " + data.length + " floats", cuMemcpyHtoDAsync(device(buffer),
                        Pointer.to(staging), 4L * data.length, cuda.stream));
            }
        }
        return buffer;
    }

    @Override
    public float[] download(Buffer buffer) {
        float[] out = new float[buffer.size()];
        if (out.length == 0) {
            return out;
        }
        cuda.makeCurrent();
        synchronized (stagingLock) {
            CudaException.check("download " + out.length + " floats", cuMemcpyDtoHAsync(Pointer.to(staging(out.length)),
                    device(buffer), 4L * out.length, cuda.stream));
            CudaException.check("download " + out.length + " floats (waiting for the stream; an earlier kernel may "
                    + "have failed: -D" + SYNC_PROPERTY + "=true names it)", cuStreamSynchronize(cuda.stream));
            staging.asFloatBuffer().get(out);
        }
        return out;
    }

    private ByteBuffer staging(int floats) {
        if (staging.capacity() < 4 * floats) {
            staging = ByteBuffer.allocateDirect(Math.max(4 * floats, 2 * staging.capacity())).order(ByteOrder.nativeOrder());
        }
        return staging;
    }

    @Override
    public void synchronize() {
        cuda.makeCurrent();
        CudaException.check("synchronize", cuStreamSynchronize(cuda.stream));
    }

    // ------------------------------------------------------------------------------------------ kernels

    @Override
    public void unary(UnaryOp op, View src, Buffer out) {
        int n = out.size();
        if (n > 0) {
            launch("unary " + op, "unary_f32", blocks(n), 1, ints(op.ordinal()), ints(n), desc(src), pointer(src),
                    pointer(out));
        }
        Reference.reachabilityFence(src);
    }

    @Override
    public void binary(BinaryOp op, View a, View b, Buffer out) {
        int n = out.size();
        if (n > 0) {
            launch("binary " + op, "binary_f32", blocks(n), 1, ints(op.ordinal()), ints(n), desc(a), pointer(a), desc(b),
                    pointer(b), pointer(out));
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    @Override
    public void binary(BinaryOp op, View a, float scalar, Buffer out) {
        int n = out.size();
        if (n > 0) {
            launch("binary " + op + " with a constant", "binary_scalar_f32", blocks(n), 1, ints(op.ordinal()), ints(n),
                    desc(a), pointer(a), floats(scalar), pointer(out));
        }
        Reference.reachabilityFence(a);
    }

    @Override
    public void reduce(ReduceOp op, View src, int[] outShape, Buffer out) {
        CudaViews.ReducePlan plan = CudaViews.reducePlan(src, outShape);
        int outer = plan.outer();
        int inner = plan.inner();
        String what = "reduce " + op + " of " + inner + " elements into each of " + outer;
        if (outer == 0) {
            return;
        }
        if (inner <= SERIAL_REDUCE_MAX || (outer >= 1024 && inner <= 4096)) {
            launch(what, "reduce_serial_f32", blocks(outer), 1, ints(op.ordinal()), ints(outer), ints(inner),
                    Pointer.to(plan.desc()), pointer(src), pointer(out));
        } else {
            int chunks = Math.min(65535, (inner + REDUCE_CHUNK - 1) / REDUCE_CHUNK);
            int chunk = (inner + chunks - 1) / chunks;
            try (Buffer partial = allocate(2 * outer * chunks)) {  // outer × chunks doubles
                launch(what, "reduce_chunks_f32", outer, chunks, ints(op.ordinal()), ints(outer), ints(inner),
                        ints(chunk), Pointer.to(plan.desc()), pointer(src), pointer(partial));
                launch(what, "reduce_finish_f32", blocks(outer), 1, ints(op.ordinal()), ints(outer), ints(chunks),
                        pointer(partial), pointer(out));
            }  // freed into the cache: the next user of the block is queued behind these kernels
        }
        Reference.reachabilityFence(src);
    }

    @Override
    public void matmul(View a, View b, Buffer out) {
        GemmPlan plan = GemmPlan.of(a, b);
        if (plan == null) {
            boolean[] copy = GemmPlan.needsCopy(a, b);
            matmul(copy[0] ? contiguous(a) : a, copy[1] ? contiguous(b) : b, out);
            return;
        }
        if (plan.batches() == 0 || plan.m() == 0 || plan.n() == 0) {
            return;
        }
        String what = "matmul " + plan.batches() + "×[" + plan.m() + "×" + plan.k() + "]·[" + plan.k() + "×" + plan.n()
                + "]";
        int[] args = plan.args().clone();
        if (plan.kernel() == GemmPlan.Kernel.SMALL) {
            launch(what, plan.kernel().function, blocks(plan.batches() * plan.m() * plan.n()), 1, Pointer.to(args),
                    pointer(a), pointer(b), pointer(out));
        } else {
            int gridX = (plan.n() + 127) / 128;
            int gridY = (plan.m() + 127) / 128;
            for (int first = 0; first < plan.batches(); first += GemmPlan.MAX_GRID_Z) {
                args[GemmPlan.BATCH0] = first;
                args[GemmPlan.BATCHES] = Math.min(GemmPlan.MAX_GRID_Z, plan.batches() - first);
                launch3(what, plan.kernel().function, gridX, gridY, args[GemmPlan.BATCHES], Pointer.to(args.clone()),
                        pointer(a), pointer(b), pointer(out));
            }
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    @Override
    public void sgd(View param, View grad, View buf, float lr, float momentum, float weightDecay, Buffer newParam,
            Buffer newBuf) {
        int n = newParam.size();
        if (n > 0) {
            launch("sgd update of " + n + " parameters", "sgd_f32", blocks(n), 1, ints(n), at(param), at(grad), at(buf),
                    ints(buf == null ? 0 : 1), floats(lr), floats(momentum), floats(weightDecay), pointer(newParam),
                    newBuf == null ? Pointer.to(new CUdeviceptr()) : pointer(newBuf));
        }
        Reference.reachabilityFence(param);
        Reference.reachabilityFence(grad);
        Reference.reachabilityFence(buf);
    }

    @Override
    public void adam(View param, View grad, View m, View v, float beta1, float oneMinusBeta1, float beta2,
            float oneMinusBeta2, float weightDecay, boolean decoupled, float decay, float bc2, float eps, float stepSize,
            Buffer newParam, Buffer newM, Buffer newV) {
        int n = newParam.size();
        if (n > 0) {
            launch("adam update of " + n + " parameters", "adam_f32", blocks(n), 1, ints(n), at(param), at(grad), at(m),
                    ints(m == null ? 0 : 1), at(v), ints(v == null ? 0 : 1), floats(beta1), floats(oneMinusBeta1),
                    floats(beta2), floats(oneMinusBeta2), floats(weightDecay), ints(decoupled ? 1 : 0), floats(decay),
                    floats(bc2), floats(eps), floats(stepSize), pointer(newParam), pointer(newM), pointer(newV));
        }
        Reference.reachabilityFence(param);
        Reference.reachabilityFence(grad);
        Reference.reachabilityFence(m);
        Reference.reachabilityFence(v);
    }

    /** A kernel parameter addressing a contiguous view's first element (null for a missing state). */
    private static Pointer at(View v) {
        return Pointer.to(v == null ? new CUdeviceptr() : device(v.buffer()).withByteOffset(4L * v.offset()));
    }

    /** A contiguous copy of a view, for products whose operand has no unit-stride matrix axis. */
    private View contiguous(View v) {
        Buffer copy = allocate(v.size());
        unary(UnaryOp.COPY, v, copy);
        return View.contiguous(copy, v.shape());
    }

    // ------------------------------------------------------------------------------------------ launching

    private void launch(String what, String kernel, int gridX, int gridY, NativePointerObject... params) {
        launch3(what, kernel, gridX, gridY, 1, params);
    }

    private void launch3(String what, String kernel, int gridX, int gridY, int gridZ, NativePointerObject... params) {
        cuda.makeCurrent();
        String op = what + " (kernel " + kernel + ")";
        CudaException.check(op, cuLaunchKernel(cuda.function(kernel, params.length), gridX, gridY, gridZ, THREADS, 1, 1, 0, cuda.stream,
                Pointer.to(params), null));
        if (syncEachKernel) {
            CudaException.check(op, cuStreamSynchronize(cuda.stream));
        }
    }

    /** Blocks for one thread per element; kernels loop grid-stride past the cap. */
    static int blocks(int n) {
        return Math.max(1, Math.min((n + THREADS - 1) / THREADS, 1 << 20));
    }

    private static Pointer ints(int value) {
        return Pointer.to(new int[] {value});
    }

    private static Pointer floats(float value) {
        return Pointer.to(new float[] {value});
    }

    private static Pointer desc(View v) {
        return Pointer.to(CudaViews.desc(v));
    }

    private static Pointer pointer(View v) {
        return pointer(v.buffer());
    }

    /** A kernel parameter holding the buffer's device address. */
    private static Pointer pointer(Buffer b) {
        return Pointer.to(device(b));
    }

    private static CUdeviceptr device(Buffer b) {
        if (!(b instanceof CudaBuffer cb)) {
            throw new IllegalArgumentException("cuda: a buffer of another backend reached the cuda backend ("
                    + (b == null ? "null" : b.getClass().getName()) + ")");
        }
        return cb.pointer();
    }
}
