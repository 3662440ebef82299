package org.ganlab.tensor;

import java.util.ArrayList;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.capture.Recorder;

/**
 * Owns the buffers that tensors allocate on this thread while it is open, and frees them all when it
 * closes (DJL's NDManager, PyTorch's freeing of a step's intermediates): a training step in a scope
 * hands its activations, masks and gradients back to the backend, which reuses them next step
 * instead of leaving them to the garbage collector.
 *
 * <pre>
 * try (MemoryScope step = MemoryScope.open()) {
 *     ... forward, backward, optimiser step ...
 * }   // everything allocated above is freed, except what was kept
 * </pre>
 *
 * What must outlive the scope is {@linkplain #keep kept}: {@link Tensor#assign} keeps a parameter's
 * new value, optimisers keep their state, stateful tricks their averages. A tensor whose buffer was
 * freed fails on its next read (the CPU and CUDA backends both refuse a closed buffer), so a missing
 * keep shows as an error, never as wrong numbers. Scopes nest; a kept buffer leaves every scope and
 * is the garbage collector's again. Without an open scope nothing changes: buffers are collected.
 */
public final class MemoryScope implements AutoCloseable {

    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope parent;
    private final Thread owner = Thread.currentThread();
    private final ArrayList<Buffer> owned = new ArrayList<>();
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /** Opens a scope on this thread, inside the current one if any. */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** A new buffer on {@code backend}, owned by this thread's innermost scope if one is open. */
    public static Buffer allocate(Backend backend, int size) {
        Backend target = Recorder.target(backend);
        Buffer b = target.allocate(size);
        return target == backend ? track(b) : b; // a step being captured owns its buffers
    }

    /** A buffer holding a copy of {@code data}, owned like {@link #allocate}. */
    public static Buffer upload(Backend backend, float[] data) {
        Backend target = Recorder.target(backend);
        Buffer b = target.upload(data);
        return target == backend ? track(b) : b;
    }

    private static Buffer track(Buffer buffer) {
        MemoryScope scope = CURRENT.get();
        if (scope != null) {
            scope.owned.add(buffer);
        }
        return buffer;
    }

    /** Takes {@code t}'s storage out of every open scope, so it outlives them; returns t. */
    public static Tensor keep(Tensor t) {
        if (t != null) {
            keep(t.view().buffer());
        }
        return t;
    }

    /** Takes the buffer out of every open scope (a no-op for one no scope owns). */
    public static void keep(Buffer buffer) {
        for (MemoryScope s = CURRENT.get(); s != null; s = s.parent) {
            ArrayList<Buffer> list = s.owned;
            // Kept buffers are usually the newest: search from the end, swap the last into the hole.
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i) == buffer) {
                    Buffer last = list.remove(list.size() - 1);
                    if (i < list.size()) {
                        list.set(i, last);
                    }
                    return;
                }
            }
        }
    }

    /** How many buffers the scope owns now. */
    public int owned() {
        return owned.size();
    }

    /** Frees every buffer allocated in this scope and not kept; the enclosing scope becomes current. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner || CURRENT.get() != this) {
            throw new IllegalStateException("MemoryScope: closed out of order or on another thread");
        }
        closed = true;
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
        // set(null), not remove(): the thread's entry stays, so the next step's lookups hit it at once.
        CURRENT.set(parent);
    }
}
