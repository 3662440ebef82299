package org.ganlab.backend.capture;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.KernelGraphs;
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
    /** Buffers {@link #inPlace} no longer uses, each with the one that replaced it. */
    private final Map<Buffer, Buffer> moved;
    /** The calls prepared for replays, at the first replay. */
    private Runnable[] prepared;
    private final List<KernelGraphs.Graph> graphs = new ArrayList<>();

    Trace(Backend backend, List<Op> ops, Map<Buffer, Integer> internal, String unreplayable) {
        this(backend, ops, internal, unreplayable, Map.of());
    }

    private Trace(Backend backend, List<Op> ops, Map<Buffer, Integer> internal, String unreplayable,
            Map<Buffer, Buffer> moved) {
        this.backend = backend;
        this.ops = ops.toArray(new Op[0]);
        this.internal = internal;
        this.unreplayable = unreplayable;
        this.moved = moved;
    }

    /** Issues every recorded call again, in order. */
    public void replay() {
        Runnable[] calls = prepared;
        if (calls == null) {
            calls = prepare();
            prepared = calls;
        }
        for (Runnable call : calls) {
            call.run();
        }
    }

    /**
     * The calls as replays run them, prepared once: where the backend records kernel graphs
     * ({@link KernelGraphs}), each run of kernel calls between host work (a draw written in, Adam's
     * per-step constants) becomes one graph, launched as one.
     */
    private Runnable[] prepare() {
        KernelGraphs kernelGraphs = backend.capability(KernelGraphs.class);
        List<Runnable> calls = new ArrayList<>();
        List<Runnable> run = new ArrayList<>();
        for (Op op : ops) {
            Runnable call = op.prepare(backend);
            if (kernelGraphs != null && !op.varies()) {
                run.add(call);
                continue;
            }
            graph(kernelGraphs, run, calls);
            calls.add(call);
        }
        graph(kernelGraphs, run, calls);
        return calls.toArray(new Runnable[0]);
    }

    /** Records {@code run}'s calls as one graph, added to {@code calls} as its launch. */
    private void graph(KernelGraphs kernelGraphs, List<Runnable> run, List<Runnable> calls) {
        if (run.isEmpty()) {
            return;
        }
        Runnable[] kernels = run.toArray(new Runnable[0]);
        run.clear();
        KernelGraphs.Graph graph = kernelGraphs.record(() -> {
            for (Runnable k : kernels) {
                k.run();
            }
        });
        graphs.add(graph);
        calls.add(graph::launch);
    }

    /** Kernel graphs the replays launch (none on a backend without them, or before the first replay). */
    public int graphs() {
        return graphs.size();
    }

    /** What a replay issues: graph launches and calls outside graphs (0 before the first replay). */
    public int launches() {
        return prepared == null ? 0 : prepared.length;
    }

    /** Floating-point operations a replay performs ({@link Op#flops}: multiply-adds count 2). */
    public long flops() {
        long total = 0;
        for (Op op : ops) {
            total += op.flops();
        }
        return total;
    }

    /** How many backend calls a replay issues. */
    public int calls() {
        return ops.length;
    }

    /** Why this trace cannot be replayed (a value read back while the step ran), or null. */
    public String unreplayable() {
        return unreplayable;
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
     * This trace with state updated in place: where the recording ends by copying a new value home
     * ({@code copy(F → H)}), the elementwise call that made F (an optimiser's update, say) writes H
     * directly, and every later read of F reads H. Done only where it cannot change a value: F and
     * H are whole buffers of one size, the call reads H, if at all, element by element, and nothing
     * after it reads H's old value. Other copies stay.
     *
     * {@link #resolve} gives a view of a replaced buffer on the buffer that replaced it.
     *
     * @param homes the buffers the state lives in between steps
     */
    public Trace inPlace(Set<Buffer> homes) {
        Map<Buffer, Buffer> replaced = new IdentityHashMap<>(moved);
        List<Op> list = new ArrayList<>(List.of(ops));
        for (int c = list.size() - 1; c >= 0; c--) {
            if (!(list.get(c) instanceof Ops.Unary u) || u.op() != org.ganlab.backend.UnaryOp.COPY
                    || !homes.contains(u.out()) || !internal.containsKey(u.src().buffer())) {
                continue;
            }
            Buffer f = u.src().buffer();
            Buffer h = u.out();
            int w = writer(list, f);
            if (w < 0 || !u.src().isWholeBuffer() || f.size() != h.size() || !list.get(w).elementwise()
                    || !alignedReads(list.get(w), h) || readAfter(list, h, w, c) || writtenElsewhere(list, h, c)) {
                continue;
            }
            list.remove(c);
            for (int i = w; i < list.size(); i++) {
                list.set(i, list.get(i).remap(b -> b == f ? h : b));
            }
            replaced.put(f, h);
        }
        return new Trace(backend, list, internal, unreplayable, replaced);
    }

    /** {@code v}, on the buffer that replaced its own where {@link #inPlace} replaced it. */
    public View resolve(View v) {
        return Ops.mapped(v, b -> moved.getOrDefault(b, b));
    }

    private static int writer(List<Op> list, Buffer f) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).writes().contains(f)) {
                return i;
            }
        }
        return -1;
    }

    /** Every view of h the call reads is h whole, in order: element i of the output reads element i of h. */
    private static boolean alignedReads(Op op, Buffer h) {
        for (View v : op.views()) {
            if (v != null && v.buffer() == h && !v.isWholeBuffer()) {
                return false;
            }
        }
        return true;
    }

    private static boolean readAfter(List<Op> list, Buffer h, int after, int except) {
        for (int i = after + 1; i < list.size(); i++) {
            if (i != except && list.get(i).reads().contains(h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean writtenElsewhere(List<Op> list, Buffer h, int except) {
        for (int i = 0; i < list.size(); i++) {
            if (i != except && list.get(i).writes().contains(h)) {
                return true;
            }
        }
        return false;
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
        return new Trace(backend, kept, internal, unreplayable, moved);
    }

    private static Set<Buffer> identitySet(Set<Buffer> of) {
        Set<Buffer> s = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(of);
        return s;
    }

    /** Frees the buffers the recorded step allocated, and its graphs. */
    public void release() {
        graphs.forEach(KernelGraphs.Graph::close);
        graphs.clear();
        internal.keySet().forEach(Buffer::close);
    }
}
