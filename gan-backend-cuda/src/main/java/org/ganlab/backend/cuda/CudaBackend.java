package org.ganlab.backend.cuda;

import java.lang.ref.Reference;
import java.util.function.Supplier;
import jcuda.driver.CUresult;
import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.KernelGraphs;
import org.ganlab.backend.OptimizerKernels;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;

/**
 * gan-core's primitives as the CUDA kernels of src/main/cuda, queued on a {@link Device}'s one stream.
 * Launches return at once; the host waits only in {@link #download} and {@link #synchronize}. SGD and
 * Adam updates run as one fused kernel per parameter with the composed update's bits. This class
 * decides what to launch (views collapsed, reductions and products planned, arguments checked against
 * each kernel's declaration); the device decides how.
 *
 * @param <P> the device's address type
 */
public final class CudaBackend<P> implements Backend, OptimizerKernels, KernelGraphs {

    static final int THREADS = 256;
    /** Reductions of an axis up to this long run one thread per output. */
    static final int SERIAL_REDUCE_MAX = 256;
    /** Elements one block of reduce_chunks_f32 sums. */
    static final int REDUCE_CHUNK = 16384;

    /** {@code -Dgan.cuda.graphs=true}: replay captured steps as CUDA graphs (until verified on a GPU, off there). */
    static final String GRAPHS_PROPERTY = "gan.cuda.graphs";

    private final Device<P> device;
    private final CachingAllocator<P> allocator;
    private final boolean graphs;
    /** While a graph is recorded: the buffers its kernels allocate, which the graph keeps. */
    private java.util.List<CudaBuffer<P>> graphBuffers;

    CudaBackend(Device<P> device) {
        this(device, Boolean.getBoolean(GRAPHS_PROPERTY));
    }

    CudaBackend(Device<P> device, boolean graphs) {
        this.graphs = graphs;
        this.device = device;
        this.allocator = new CachingAllocator<>(device, CudaBackend::runCleaners);
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
        return device.name();
    }

    CachingAllocator<P> allocator() {
        return allocator;
    }

    // ------------------------------------------------------------------------------------------ graphs

    @Override
    @SuppressWarnings("unchecked")
    public <T> T capability(Class<T> kind) {
        if (kind == KernelGraphs.class) {
            return graphs ? (T) this : null;
        }
        return Backend.super.capability(kind);
    }

    @Override
    public Graph record(Runnable calls) {
        if (graphBuffers != null) {
            throw new IllegalStateException("cuda: a graph is already being recorded");
        }
        graphBuffers = new java.util.ArrayList<>();
        device.beginGraph();
        Graph graph;
        try {
            calls.run();
        } finally {
            graph = device.endGraph();
        }
        java.util.List<CudaBuffer<P>> held = graphBuffers;
        graphBuffers = null;
        return new Graph() {
            @Override
            public void launch() {
                graph.launch();
            }

            @Override
            public void close() {
                graph.close();
                held.forEach(CudaBuffer::release);
            }
        };
    }

    // ------------------------------------------------------------------------------------------ memory

    @Override
    public Buffer allocate(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("cuda: allocate " + size + " floats");
        }
        if (size == 0) {
            return new CudaBuffer<>(allocator, null, 0);
        }
        CachingAllocator.Block<P> block = allocator.allocate(4L * size);
        if (block == null) {
            throw new CudaException("allocate " + size + " floats (" + allocator.bytesInUse()
                    + " bytes in use by live buffers)", CUresult.CUDA_ERROR_OUT_OF_MEMORY);
        }
        if (graphBuffers != null) {
            CudaBuffer<P> held = new CudaBuffer<>(allocator, block, size, true);
            graphBuffers.add(held);
            return held;
        }
        return new CudaBuffer<>(allocator, block, size);
    }

    @Override
    public Buffer upload(float[] data) {
        Buffer buffer = allocate(data.length);
        if (data.length > 0) {
            device.upload(address(buffer), data);
        }
        return buffer;
    }

    @Override
    public float[] download(Buffer buffer) {
        float[] out = new float[buffer.size()];
        if (out.length > 0) {
            device.download(address(buffer), out);
        }
        Reference.reachabilityFence(buffer);
        return out;
    }

    @Override
    public void synchronize() {
        device.synchronize("synchronize");
    }

    // ------------------------------------------------------------------------------------------ kernels

    @Override
    public void unary(UnaryOp op, View src, Buffer out) {
        int n = out.size();
        if (n > 0) {
            launch(() -> "unary " + op, Kernels.UNARY, blocks(n), args().add(op.ordinal()).add(n).struct(CudaViews.desc(src))
                    .address(address(src.buffer()), 0).address(address(out), 0));
        }
        Reference.reachabilityFence(src);
    }

    @Override
    public void binary(BinaryOp op, View a, View b, Buffer out) {
        int n = out.size();
        if (n > 0) {
            launch(() -> "binary " + op, Kernels.BINARY, blocks(n), args().add(op.ordinal()).add(n)
                    .struct(CudaViews.desc(a)).address(address(a.buffer()), 0)
                    .struct(CudaViews.desc(b)).address(address(b.buffer()), 0).address(address(out), 0));
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    @Override
    public void binary(BinaryOp op, View a, float scalar, Buffer out) {
        int n = out.size();
        if (n > 0) {
            launch(() -> "binary " + op + " with a constant", Kernels.BINARY_SCALAR, blocks(n), args().add(op.ordinal()).add(n)
                    .struct(CudaViews.desc(a)).address(address(a.buffer()), 0).add(scalar).address(address(out), 0));
        }
        Reference.reachabilityFence(a);
    }

    @Override
    public void reduce(ReduceOp op, View src, int[] outShape, Buffer out) {
        CudaViews.ReducePlan plan = CudaViews.reducePlan(src, outShape);
        int outer = plan.outer();
        int inner = plan.inner();
        Supplier<String> what = () -> "reduce " + op + " of " + inner + " elements into each of " + outer;
        if (outer == 0) {
            return;
        }
        if (inner <= SERIAL_REDUCE_MAX || (outer >= 1024 && inner <= 4096)) {
            launch(what, Kernels.REDUCE_SERIAL, blocks(outer), args().add(op.ordinal()).add(outer).add(inner)
                    .struct(plan.desc()).address(address(src.buffer()), 0).address(address(out), 0));
        } else {
            int chunks = Math.min(65535, (inner + REDUCE_CHUNK - 1) / REDUCE_CHUNK);
            int chunk = (inner + chunks - 1) / chunks;
            try (Buffer partial = allocate(2 * outer * chunks)) {  // outer × chunks doubles
                launch(what, Kernels.REDUCE_CHUNKS, new int[] {outer, chunks, 1}, args().add(op.ordinal()).add(outer)
                        .add(inner).add(chunk).struct(plan.desc()).address(address(src.buffer()), 0)
                        .address(address(partial), 0));
                launch(what, Kernels.REDUCE_FINISH, blocks(outer), args().add(op.ordinal()).add(outer).add(chunks)
                        .address(address(partial), 0).address(address(out), 0));
            }  // back to the cache at once: the block's next user is queued behind these kernels
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
        Supplier<String> what = () -> "matmul " + plan.batches() + "×[" + plan.m() + "×" + plan.k() + "]·[" + plan.k()
                + "×" + plan.n() + "]";
        if (plan.kernel() == GemmPlan.Kernel.SMALL) {
            launch(what, plan.kernel().function, blocks(plan.batches() * plan.m() * plan.n()), gemmArgs(plan.args(), a, b, out));
        } else {
            for (int first = 0; first < plan.batches(); first += GemmPlan.MAX_GRID_Z) {
                int[] args = plan.args().clone();
                args[GemmPlan.BATCH0] = first;
                args[GemmPlan.BATCHES] = Math.min(GemmPlan.MAX_GRID_Z, plan.batches() - first);
                launch(what, plan.kernel().function,
                        new int[] {(plan.n() + 127) / 128, (plan.m() + 127) / 128, args[GemmPlan.BATCHES]},
                        gemmArgs(args, a, b, out));
            }
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    /** Ints in the ConvArgs struct the convolution kernels take. */
    static final int CONV_ARGS = 13;

    /** The geometry as conv.cu's ConvArgs. */
    static int[] convArgs(ConvGeometry g) {
        return new int[] {g.batch(), g.inChannels(), g.height(), g.width(), g.outChannels(), g.kernelH(), g.kernelW(),
            g.strideH(), g.strideW(), g.padH(), g.padW(), g.outH(), g.outW()};
    }

    @Override
    public void conv2d(View x, View w, ConvGeometry g, Buffer out) {
        convolution(() -> "conv2d " + g, Kernels.CONV, g, x, w, out);
    }

    @Override
    public void conv2dInputGrad(View dy, View w, ConvGeometry g, Buffer dx) {
        convolution(() -> "conv2d input gradient " + g, Kernels.CONV_INPUT_GRAD, g, dy, w, dx);
    }

    @Override
    public void conv2dWeightGrad(View x, View dy, ConvGeometry g, Buffer dw) {
        convolution(() -> "conv2d weight gradient " + g, Kernels.CONV_WEIGHT_GRAD, g, x, dy, dw);
    }

    /** One thread per output element; operands contiguous (a strided one is copied first). */
    private void convolution(Supplier<String> what, Kernels.Kernel kernel, ConvGeometry g, View a, View b, Buffer out) {
        int n = out.size();
        View ac = a.isContiguous() ? a : contiguous(a);
        View bc = b.isContiguous() ? b : contiguous(b);
        if (n > 0) {
            launch(what, kernel, blocks(n), args().struct(convArgs(g)).address(address(ac.buffer()), ac.offset())
                    .address(address(bc.buffer()), bc.offset()).address(address(out), 0));
        }
        Reference.reachabilityFence(ac);
        Reference.reachabilityFence(bc);
    }

    private KernelArgs<P> gemmArgs(int[] args, View a, View b, Buffer out) {
        return args().struct(args).address(address(a.buffer()), 0).address(address(b.buffer()), 0)
                .address(address(out), 0);
    }

    /** A contiguous copy of a view, for products whose operand has no unit-stride matrix axis. */
    private View contiguous(View v) {
        Buffer copy = allocate(v.size());
        unary(UnaryOp.COPY, v, copy);
        return View.contiguous(copy, v.shape());
    }

    @Override
    public void sgd(View param, View grad, View buf, float lr, float momentum, float weightDecay, Buffer newParam,
            Buffer newBuf) {
        int n = newParam.size();
        if (n > 0) {
            launch(() -> "sgd update of " + n + " parameters", Kernels.SGD, blocks(n), args().add(n).address(at(param))
                    .address(at(grad)).address(at(buf)).add(buf == null ? 0 : 1).add(lr).add(momentum).add(weightDecay)
                    .address(address(newParam), 0).address(newBuf == null ? null : address(newBuf), 0));
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
            launch(() -> "adam update of " + n + " parameters", Kernels.ADAM, blocks(n), args().add(n).address(at(param))
                    .address(at(grad)).address(at(m)).add(m == null ? 0 : 1).address(at(v)).add(v == null ? 0 : 1)
                    .add(beta1).add(oneMinusBeta1).add(beta2).add(oneMinusBeta2).add(weightDecay).add(decoupled ? 1 : 0)
                    .add(decay).add(bc2).add(eps).add(stepSize)
                    .address(address(newParam), 0).address(address(newM), 0).address(address(newV), 0));
        }
        Reference.reachabilityFence(param);
        Reference.reachabilityFence(grad);
        Reference.reachabilityFence(m);
        Reference.reachabilityFence(v);
    }

    // ------------------------------------------------------------------------------------------ launching

    private KernelArgs<P> args() {
        return new KernelArgs<>();
    }

    private void launch(Supplier<String> what, Kernels.Kernel kernel, int blocks, KernelArgs<P> args) {
        launch(what, kernel, new int[] {blocks, 1, 1}, args);
    }

    /** Checks the arguments against the kernel's declaration, then hands it to the device. */
    private void launch(Supplier<String> what, Kernels.Kernel kernel, int[] grid, KernelArgs<P> args) {
        args.check(kernel);
        device.launch(what, kernel, grid, THREADS, args);
    }

    /** Blocks for one thread per element; kernels loop grid-stride past the cap. */
    static int blocks(int n) {
        return Math.max(1, Math.min((n + THREADS - 1) / THREADS, 1 << 20));
    }

    /** A contiguous view's first element (null for an absent optimiser state). */
    private KernelArgs.Address<P> at(View v) {
        return v == null ? new KernelArgs.Address<>(null, 0) : new KernelArgs.Address<>(address(v.buffer()), v.offset());
    }

    @SuppressWarnings("unchecked")
    private P address(Buffer b) {
        if (!(b instanceof CudaBuffer<?> cb)) {
            throw new IllegalArgumentException("cuda: a buffer of another backend reached the cuda backend ("
                    + (b == null ? "null" : b.getClass().getName()) + ")");
        }
        return ((CudaBuffer<P>) cb).pointer();
    }
}
