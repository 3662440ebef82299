package org.ganlab.backend.capture;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.FusedKernels;
import org.ganlab.backend.OptimizerKernels;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;

/**
 * Records the backend calls this thread makes on one backend while it is open, as tinygrad's
 * {@code TinyJit} records a step: each call still runs (the recorded step is an ordinary eager
 * step), and is appended to a {@link Trace} that can be replayed without the tensors, views and
 * graph nodes that issued it.
 *
 * <p>gan-core sends every kernel through {@link #target}: the backend itself, or while recording
 * this recorder's stand-in for it. Buffers allocated while recording belong to the trace, not to
 * the memory scope. Reading a value back to the host inside the recording makes it unreplayable
 * (host code would decide on a value the replay does not compute); the values a step reports are
 * read after it, as its outputs.
 */
public final class Recorder implements AutoCloseable {

    private static final ThreadLocal<Recorder> CURRENT = new ThreadLocal<>();
    /** Recordings open on any thread: while 0, {@link #target} is one field read. */
    private static volatile int open;

    private final Backend backend;
    private final Stand stand = new Stand();
    private final List<Op> ops = new ArrayList<>();
    private final Map<Buffer, Integer> internal = new IdentityHashMap<>();
    private final Map<Buffer, Ops.Upload> uploads = new IdentityHashMap<>();
    private Supplier<float[]> perStepScalars;
    private String unreplayable;
    private boolean closed;

    private Recorder(Backend backend) {
        this.backend = backend;
    }

    /** Starts recording this thread's calls on {@code backend}; recordings do not nest. */
    public static Recorder start(Backend backend) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a step is already being recorded on this thread");
        }
        Recorder r = new Recorder(backend);
        CURRENT.set(r);
        synchronized (Recorder.class) {
            open++;
        }
        return r;
    }

    /** Where a kernel on {@code backend} goes: the backend, or the open recording's stand-in for it. */
    public static Backend target(Backend backend) {
        if (open == 0) {
            return backend;
        }
        Recorder r = CURRENT.get();
        return r != null && r.backend == backend ? r.stand : backend;
    }

    /** True while this thread records. */
    public static boolean recording() {
        return open != 0 && CURRENT.get() != null;
    }

    /**
     * Marks a buffer just uploaded as a draw: a replay fills its host copy with {@code fill} (the
     * same generator, drawn again in the same order) and writes it in. {@code description} names
     * the draw (its kind, parameters and generator) for comparing recordings.
     */
    public static void drawn(Buffer buffer, String description, Consumer<float[]> fill) {
        Recorder r = CURRENT.get();
        if (r != null && r.uploads.containsKey(buffer)) {
            Ops.Upload u = r.uploads.get(buffer);
            Ops.Upload drawn = new Ops.Upload(buffer, u.data(), new Ops.Refill(description, fill));
            r.ops.set(r.ops.lastIndexOf(u), drawn);
            r.uploads.put(buffer, drawn);
        }
    }

    /**
     * The scalars of the next optimiser kernel call change from step to step: a replay takes them
     * from {@code perStep} (which also advances the optimiser's count), as the call's own arguments.
     */
    public static void perStepScalars(Supplier<float[]> perStep) {
        Recorder r = CURRENT.get();
        if (r != null) {
            r.perStepScalars = perStep;
        }
    }

    /** Records a copy of {@code src} into {@code dst} (a captured step's state written back to its home). */
    public void copy(View src, Buffer dst) {
        stand.unary(UnaryOp.COPY, src, dst);
    }

    /** Stops recording; the trace holds the calls, in order, and owns the buffers allocated meanwhile. */
    public Trace finish() {
        close();
        return new Trace(backend, List.copyOf(ops), internal, unreplayable);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CURRENT.remove();
            synchronized (Recorder.class) {
                open--;
            }
        }
    }

    private void add(Op op) {
        ops.add(op);
    }

    /** Runs the call on the backend, as the recorded code asked, and records it. */
    private void call(Op op) {
        op.run(backend);
        ops.add(op);
    }

    /** The backend as the recorded code sees it: each call runs on the real backend and is recorded. */
    private final class Stand implements Backend, FusedKernels, OptimizerKernels {

        @Override
        public String name() {
            return backend.name();
        }

        @Override
        public Buffer allocate(int size) {
            Buffer b = backend.allocate(size);
            internal.put(b, internal.size());
            return b;
        }

        @Override
        public Buffer upload(float[] data) {
            Buffer b = backend.upload(data);
            internal.put(b, internal.size());
            Ops.Upload u = new Ops.Upload(b, data.clone(), null);
            uploads.put(b, u);
            add(u);
            return b;
        }

        @Override
        public float[] download(Buffer buffer) {
            if (unreplayable == null) {
                unreplayable = "the step reads a value back while it runs (" + readBy() + ")";
            }
            return backend.download(buffer);
        }

        @Override
        public void write(Buffer buffer, float[] data) {
            throw new IllegalStateException("write: not while a step is recorded");
        }

        @Override
        public void synchronize() {
            backend.synchronize();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T capability(Class<T> kind) {
            return backend.capability(kind) == null ? null : kind.isInstance(this) ? (T) this : null;
        }

        @Override
        public void unary(UnaryOp op, View src, Buffer out) {
            call(new Ops.Unary(op, src, out));
        }

        @Override
        public void binary(BinaryOp op, View a, View b, Buffer out) {
            call(new Ops.Binary(op, a, b, out));
        }

        @Override
        public void binary(BinaryOp op, View a, float scalar, Buffer out) {
            call(new Ops.Scalar(op, a, scalar, out));
        }

        @Override
        public void reduce(ReduceOp op, View src, int[] outShape, Buffer out) {
            call(new Ops.Reduce(op, src, outShape.clone(), out));
        }

        @Override
        public void matmul(View a, View b, Buffer out) {
            call(new Ops.Matmul(a, b, out));
        }

        @Override
        public void conv2d(View x, View w, ConvGeometry g, Buffer out) {
            call(new Ops.Conv(0, x, w, g, out));
        }

        @Override
        public void conv2dInputGrad(View dy, View w, ConvGeometry g, Buffer dx) {
            call(new Ops.Conv(1, dy, w, g, dx));
        }

        @Override
        public void conv2dWeightGrad(View x, View dy, ConvGeometry g, Buffer dw) {
            call(new Ops.Conv(2, x, dy, g, dw));
        }

        @Override
        public void rectify(View src, float positive, float negative, Buffer out, Buffer factor) {
            call(new Ops.Rectify(backend.capability(FusedKernels.class), src, positive, negative, out, factor));
        }

        @Override
        public void linear(View x, View weight, View bias, Buffer out) {
            call(new Ops.Linear(backend.capability(FusedKernels.class), x, weight, bias, out));
        }

        @Override
        public void sgd(View param, View grad, View buf, float lr, float momentum, float weightDecay, Buffer newParam,
                Buffer newBuf) {
            call(new Ops.Sgd(backend.capability(OptimizerKernels.class), param, grad, buf, lr, momentum, weightDecay,
                    newParam, newBuf));
        }

        @Override
        public void adam(View param, View grad, View m, View v, float beta1, float oneMinusBeta1, float beta2,
                float oneMinusBeta2, float weightDecay, boolean decoupled, float decay, float bc2, float eps,
                float stepSize, Buffer newParam, Buffer newM, Buffer newV) {
            OptimizerKernels k = backend.capability(OptimizerKernels.class);
            k.adam(param, grad, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, weightDecay, decoupled, decay, bc2, eps,
                    stepSize, newParam, newM, newV);
            float[] scalars = {beta1, oneMinusBeta1, beta2, oneMinusBeta2, weightDecay, decay, bc2, eps, stepSize};
            add(new Ops.Adam(k, param, grad, m, v, scalars, decoupled, perStepScalars, newParam, newM, newV));
            perStepScalars = null;
        }
    }

    /** The first frame outside gan-core's tensor machinery: who read the value. */
    private static String readBy() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .filter(n -> !n.startsWith("org.ganlab.backend") && !n.startsWith("org.ganlab.tensor")
                        && !n.startsWith("org.ganlab.autograd"))
                .findFirst().orElse("unknown"));
    }
}
