package org.ganlab.backend.capture;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.View;

/**
 * The backend calls of one recorded step, in order, and the buffers allocated while it ran, which
 * the trace owns: a replay writes the same buffers again. Buffers from before the recording
 * (parameters, optimiser state, the step's inputs) are used as they are.
 */
public final class Trace {

    private final Backend backend;
    private final Op[] ops;
    private final Map<Buffer, Integer> internal;
    private final String unreplayable;

    Trace(Backend backend, List<Op> ops, Map<Buffer, Integer> internal, String unreplayable) {
        this.backend = backend;
        this.ops = ops.toArray(new Op[0]);
        this.internal = internal;
        this.unreplayable = unreplayable;
    }

    /** Issues every recorded call again, in order. */
    public void replay() {
        for (Op op : ops) {
            op.run(backend);
        }
    }

    /** How many backend calls a replay issues. */
    public int calls() {
        return ops.length;
    }

    /** Why this trace cannot be replayed (a value read back while the step ran), or null. */
    public String unreplayable() {
        return unreplayable;
    }

    /** True for a buffer the recorded step allocated (the trace owns it). */
    public boolean owns(Buffer buffer) {
        return internal.containsKey(buffer);
    }

    /**
     * Where this recording differs from {@code other}, a recording of the next step, or null where
     * both issued the same calls with the same constants on buffers in the same roles: the same
     * buffer from before the step, the same input slot, or the same allocation. A step that
     * changes from step to step (a constant, a shape, a trick's branch, state the replay would not
     * carry) is caught here and stays eager.
     */
    public String differenceFrom(Trace other, List<View> inputs, List<View> otherInputs, List<View> outputs,
            List<View> otherOutputs) {
        Function<Buffer, Object> key = keys(inputs);
        Function<Buffer, Object> otherKey = other.keys(otherInputs);
        if (ops.length != other.ops.length) {
            return "the steps issued " + ops.length + " and " + other.ops.length + " backend calls";
        }
        for (int i = 0; i < ops.length; i++) {
            if (!ops[i].signature(key).equals(other.ops[i].signature(otherKey))) {
                return "backend call " + i + " differs: " + ops[i].signature(key) + " then "
                        + other.ops[i].signature(otherKey);
            }
            if (ops[i] instanceof Ops.Upload u && !u.sameData((Ops.Upload) other.ops[i])) {
                return "backend call " + i + " uploads other values";
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (!Ops.view(outputs.get(i), key).equals(Ops.view(otherOutputs.get(i), otherKey))) {
                return "output " + i + " is another buffer";
            }
        }
        return null;
    }

    private Function<Buffer, Object> keys(List<View> inputs) {
        Map<Buffer, Object> slots = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            slots.putIfAbsent(inputs.get(i).buffer(), "input " + i);
        }
        return b -> {
            Object slot = slots.get(b);
            if (slot != null) {
                return slot;
            }
            Integer n = internal.get(b);
            return n != null ? "allocation " + n : new Identity(b);
        };
    }

    /** A buffer from before the step, equal only to itself. */
    private record Identity(Buffer buffer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.buffer == buffer;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(buffer);
        }

        @Override
        public String toString() {
            return "buffer@" + Integer.toHexString(hashCode());
        }
    }

    /**
     * The calls a replay needs, as a new trace over the same buffers: calls whose inputs are all
     * constant are dropped (their outputs, computed while recording, stay as they are: nothing
     * writes a buffer twice), and so are calls whose outputs nobody reads. Calls that draw numbers or
     * count optimiser steps always stay, so generators and counters move on as in an eager step.
     *
     * @param varying buffers from before the step whose values change between replays (inputs and state)
     * @param needed buffers read after a replay (outputs and state)
     */
    public Trace pruned(Set<Buffer> varying, Set<Buffer> needed) {
        Set<Buffer> changes = identitySet(varying);
        boolean[] keep = new boolean[ops.length];
        for (int i = 0; i < ops.length; i++) {
            Op op = ops[i];
            boolean v = op.varies() || op.reads().stream().anyMatch(changes::contains);
            if (v) {
                changes.addAll(op.writes());
            }
            keep[i] = v;
        }
        Set<Buffer> live = identitySet(needed);
        for (int i = ops.length - 1; i >= 0; i--) {
            Op op = ops[i];
            if (keep[i] && (op.varies() || op.writes().stream().anyMatch(live::contains))) {
                live.addAll(op.reads());
            } else {
                keep[i] = false;
            }
        }
        List<Op> kept = new ArrayList<>();
        for (int i = 0; i < ops.length; i++) {
            if (keep[i]) {
                kept.add(ops[i]);
            }
        }
        return new Trace(backend, kept, internal, unreplayable);
    }

    private static Set<Buffer> identitySet(Set<Buffer> of) {
        Set<Buffer> s = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(of);
        return s;
    }

    /** Frees the buffers the recorded step allocated, except {@code keep}. */
    public void release(Set<Buffer> keep) {
        List<Buffer> all = new ArrayList<>(internal.keySet());
        for (Buffer b : all) {
            if (!keep.contains(b)) {
                b.close();
            }
        }
    }
}
