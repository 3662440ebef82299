package org.ganlab.capture;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.ganlab.autograd.GradMode;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;
import org.ganlab.backend.capture.Recorder;
import org.ganlab.backend.capture.Trace;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Tensor;

/**
 * Runs a training step eagerly a few times, records it, and from then on replays the recording:
 * the same backend calls on the same buffers, without the tensors, views and graph nodes that made
 * them (tinygrad's {@code TinyJit}, a CUDA graph).
 *
 * <ul>
 * <li><b>Inputs</b> (the step's batches) are copied into the recorded step's input buffers before each
 * replay; random numbers the step draws itself are drawn again, from the same generator in the
 * same order ({@link Recorder#drawn}).
 * <li><b>State</b> (parameters, optimiser moments, running statistics, a trick's averages) lives in
 * fixed home buffers: the recorded step ends by copying each new value home, and the state's
 * tensors are bound to their homes, so every replay reads and writes them there, and user code
 * sees the current values. Adam's step count and bias corrections move on at each replay.
 * <li><b>Outputs</b> are the step's {@link Readout}, read after the replay.
 * </ul>
 *
 * Safe by construction: the step is recorded twice, on two consecutive steps, and replayed only
 * if both recordings issued the same calls with the same constants on buffers in the same roles; a
 * step that reads a value back while it runs, changes from step to step, or keeps state outside
 * the declared state stays eager, with the reason in {@link #eagerBecause}. A changed key (shapes,
 * learning rates) or state rebound elsewhere (a checkpoint loaded) discards the recording and
 * records afresh. Every recorded step is itself an eager step, and a replay computes exactly its
 * calls, so results are the eager step's bit for bit.
 */
public final class StepCapture<T> implements AutoCloseable {

    /** Recordings that may differ before the step is left eager. */
    private static final int ATTEMPTS = 3;

    private final Backend backend;
    private final Supplier<List<Tensor>> state;
    private final boolean enabled;
    private final long maxFlops;

    private Object key;
    private int[][] shapes;
    private int eagerLeft;
    private int attempts;
    private Recording first;
    private Recording program;
    private String eagerBecause;
    private long replays;
    private int calls;
    private long flops;

    /**
     * @param state the tensors the step carries from step to step, in a fixed order (the same
     *        objects or their successors at the same positions)
     * @param warmup eager steps before the first recording (an optimiser's state appears at its first step)
     * @param enabled false to run every step eagerly (for debugging)
     */
    public StepCapture(Backend backend, Supplier<List<Tensor>> state, int warmup, boolean enabled) {
        this(backend, state, warmup, enabled, Long.MAX_VALUE);
    }

    /**
     * @param maxFlops the most floating-point operations a step may compute to be replayed: a larger
     *        step is bound by its arithmetic, and replaying it would save little time and hold a
     *        step's intermediates for the whole run
     */
    public StepCapture(Backend backend, Supplier<List<Tensor>> state, int warmup, boolean enabled, long maxFlops) {
        this.maxFlops = maxFlops;
        this.backend = backend;
        this.state = state;
        this.enabled = enabled;
        this.eagerLeft = warmup;
    }

    /** A recorded step: its trace, the input views it read, its home buffers, and its readout. */
    private record Recording(Trace trace, List<View> inputs, List<View> homes, List<View> outputs, Readout<?> readout) {
    }

    /**
     * One step: {@code body} run eagerly (and perhaps recorded), or the recording replayed.
     *
     * @param inputs the tensors the step reads that change from step to step (its batches)
     * @param key what the recording depends on besides the inputs' shapes (learning rates, say)
     */
    public T step(List<Tensor> inputs, Object key, Supplier<Readout<T>> body) {
        if (!enabled || eagerBecause != null) {
            return body.get().read();
        }
        if (!sameKey(inputs, key) || (program != null && !atHome(program))) {
            discard();
            this.key = key;
            shapes = inputs.stream().map(Tensor::shape).toArray(int[][]::new);
            eagerLeft = Math.max(eagerLeft, 1);
        }
        if (program != null) {
            return replay(program, inputs);
        }
        if (eagerLeft > 0) {
            eagerLeft--;
            return body.get().read();
        }
        return recordStep(inputs, body);
    }

    /** True when the inputs' shapes and the key are those the recordings were made with (no allocation: checked every step). */
    private boolean sameKey(List<Tensor> inputs, Object key) {
        if (shapes == null || shapes.length != inputs.size() || !Objects.equals(key, this.key)) {
            return false;
        }
        for (int i = 0; i < shapes.length; i++) {
            if (!java.util.Arrays.equals(shapes[i], inputs.get(i).view().shape())) {
                return false;
            }
        }
        return true;
    }

    private T recordStep(List<Tensor> inputs, Supplier<Readout<T>> body) {
        List<Tensor> before = state.get();
        String unready = homesUnusable(before, inputs);
        if (unready != null) { // e.g. an optimiser without moments yet: try again next step
            giveUpAfter(unready);
            return body.get().read();
        }
        List<View> homes = before.stream().map(t -> t == null ? null : t.view()).toList();
        List<View> inputViews = inputs.stream().map(Tensor::view).toList();
        Readout<T> readout;
        Trace trace;
        Recorder recorder = Recorder.start(backend);
        try {
            readout = body.get();
            List<Tensor> after = state.get();
            unready = after.size() != homes.size() ? "the state changed its length" : null;
            for (int i = 0; i < after.size() && unready == null; i++) {
                View now = after.get(i) == null ? null : after.get(i).view();
                if ((now == null) != (homes.get(i) == null)) {
                    unready = "state that appeared or vanished in the step";
                } else if (now != null && now.buffer() != homes.get(i).buffer()) {
                    recorder.copy(now, homes.get(i).buffer());
                }
            }
            trace = recorder.finish();
            if (unready == null) {
                rebindHome(after, homes);
            }
        } finally {
            recorder.close();
        }
        inputViews.forEach(v -> MemoryScope.keep(v.buffer())); // the recording reads them again
        List<View> outputs = readout.values().stream().map(Tensor::view).toList();
        T result = readout.read();
        if (unready != null) { // e.g. an optimiser's first moments: record again next step
            giveUpAfter(unready);
            return result;
        }
        Recording r = new Recording(trace, inputViews, homes, outputs, readout);
        if (trace.unreplayable() != null) {
            eagerBecause = trace.unreplayable();
            return result;
        }
        Recording replayable = replayable(r);
        calls = replayable.trace().calls();
        flops = replayable.trace().flops();
        if (flops > maxFlops) {
            eagerBecause = String.format(java.util.Locale.ROOT, "the step computes %.1f GFLOP: replaying its %,d backend "
                    + "calls would save little, and would hold its intermediates", flops / 1e9, calls);
            release(r);
            return result;
        }
        if (first == null) {
            first = r;
            return result;
        }
        String difference = first.trace().differenceFrom(trace, first.inputs(), inputViews, first.outputs(), outputs);
        if (difference != null) {
            first = r; // compare the next recording with this one
            giveUpAfter("two consecutive steps differ: " + difference);
            return result;
        }
        release(first);
        first = null;
        program = replayable;
        return result;
    }

    /** The recording as replays run it: state updated in place, constant and unread calls dropped. */
    private Recording replayable(Recording r) {
        Trace inPlace = r.trace().inPlace(buffers(r.homes(), List.of()));
        List<View> read = r.outputs().stream().map(inPlace::resolve).toList();
        return new Recording(inPlace.pruned(buffers(r.inputs(), r.homes()), buffers(read, r.homes())), r.inputs(),
                r.homes(), read, r.readout());
    }

    private static Set<Buffer> buffers(List<View> a, List<View> b) {
        Set<Buffer> s = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.stream.Stream.concat(a.stream(), b.stream()).filter(Objects::nonNull).forEach(v -> s.add(v.buffer()));
        return s;
    }

    private void giveUpAfter(String reason) {
        if (++attempts >= ATTEMPTS) {
            eagerBecause = reason;
        }
    }

    /** Why the state or the inputs cannot be given fixed buffers, or null. */
    private static String homesUnusable(List<Tensor> state, List<Tensor> inputs) {
        Set<Buffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : state) {
            if (t == null) { // none yet; it must stay so while recorded
                continue;
            }
            if (!t.view().isWholeBuffer() || !seen.add(t.view().buffer())) {
                return "state that shares or does not fill its buffer";
            }
        }
        for (Tensor t : inputs) {
            if (!t.view().isWholeBuffer() || seen.contains(t.view().buffer())) {
                return "an input that is not a whole buffer of its own";
            }
        }
        return null;
    }

    /** Binds each state tensor to its home buffer (which holds its value now) and forgets gradients a replay would overwrite. */
    private void rebindHome(List<Tensor> after, List<View> homes) {
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < after.size(); i++) {
                Tensor t = after.get(i);
                if (t == null) {
                    continue;
                }
                if (t.view().buffer() != homes.get(i).buffer()) {
                    t.assign(Tensor.wrap(backend, homes.get(i)));
                }
                t.setGrad(null);
            }
        }
    }

    /** True while every state tensor is still bound to its home buffer. */
    private boolean atHome(Recording r) {
        List<Tensor> now = state.get();
        if (now.size() != r.homes().size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            View home = r.homes().get(i);
            if (now.get(i) == null ? home != null : home == null || now.get(i).view().buffer() != home.buffer()) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private T replay(Recording r, List<Tensor> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            View slot = r.inputs().get(i);
            View given = inputs.get(i).view();
            if (given.buffer() != slot.buffer()) {
                backend.unary(UnaryOp.COPY, given, slot.buffer());
            }
        }
        r.trace().replay();
        replays++;
        float[] values = new float[r.outputs().size()];
        for (int i = 0; i < values.length; i++) {
            View v = r.outputs().get(i);
            values[i] = v.isWholeBuffer() ? backend.download(v.buffer())[0] : Tensor.wrap(backend, v).item();
        }
        return ((Readout<T>) r.readout()).result(values);
    }

    /** Frees a recording's own buffers; its input buffers are the garbage collector's (the caller may still hold them). */
    private void release(Recording r) {
        if (r != null) {
            r.trace().release();
        }
    }

    /** Forgets the recordings (their buffers go back to the backend); the next steps record afresh. */
    private void discard() {
        release(first);
        release(program);
        first = null;
        program = null;
        attempts = 0;
    }

    /** Keeps every step eager from now on, for {@code reason} (a part of the step that a replay would not run). */
    public void stayEager(String reason) {
        discard();
        eagerBecause = reason;
    }

    /** True once steps are replayed. */
    public boolean replaying() {
        return program != null;
    }

    /** Steps replayed so far. */
    public long replays() {
        return replays;
    }

    /** Backend calls a replay issues (or would, for a step too large to replay), or 0 before a recording. */
    public int callsPerStep() {
        return calls;
    }

    /**
     * What a replay issues: kernel graphs launched as one each, and the calls between them (host
     * work: draws, Adam's per-step constants), or each call on a backend without graphs; 0 before
     * the first replay.
     */
    public int launchesPerStep() {
        return program == null ? 0 : program.trace().launches();
    }

    /** Kernel graphs a replay launches (0 on a backend without them). */
    public int graphsPerStep() {
        return program == null ? 0 : program.trace().graphs();
    }

    /** Floating-point operations a replayed step performs (or would), or 0 before a recording. */
    public long flopsPerStep() {
        return flops;
    }

    /** Why steps stay eager (null while capture is on and working, or off). */
    public String eagerBecause() {
        return eagerBecause;
    }

    @Override
    public void close() {
        discard();
    }

    @Override
    public String toString() {
        return "StepCapture[" + (program != null ? "replaying " + program.trace().calls() + " calls"
                : eagerBecause != null ? "eager: " + eagerBecause : enabled ? "recording" : "off") + "]";
    }
}
