package org.ganlab.backend.capture;

import java.util.List;
import java.util.function.Function;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Buffer;

/**
 * One recorded backend call of a captured step: replayed with the same buffers and constants, and
 * described by a signature so that two recordings of a step can be compared.
 */
interface Op {

    /** Issues the call again on the backend it was recorded on. */
    void run(Backend backend);

    /** The call, prepared once for many replays where the backend can ({@link org.ganlab.backend.ReplayKernels}). */
    default Runnable prepare(Backend backend) {
        return () -> run(backend);
    }

    /**
     * What the call does, with each buffer replaced by {@code key}: equal signatures mean the same
     * call on buffers in the same roles. Values that a replay recomputes (Adam's bias corrections)
     * are left out.
     */
    List<Object> signature(Function<Buffer, Object> key);

    /** The buffers the call reads: those of its views. */
    default List<Buffer> reads() {
        List<Buffer> buffers = new java.util.ArrayList<>();
        for (org.ganlab.backend.View v : views()) {
            if (v != null) {
                buffers.add(v.buffer());
            }
        }
        return buffers;
    }

    /** The buffers the call writes. */
    List<Buffer> writes();

    /** The same call on other buffers: {@code to} maps each buffer (most to themselves). */
    Op remap(java.util.function.UnaryOperator<Buffer> to);

    /** True when each output element depends only on the same element of each input (in place is safe). */
    default boolean elementwise() {
        return false;
    }

    /** The views the call reads (null entries allowed). */
    List<org.ganlab.backend.View> views();

    /**
     * Floating-point operations the call performs, counted as usual: a multiply-add is 2, any
     * other elementwise operation (a comparison, an exponential) 1 an element; Adam 12 and SGD 3
     * an element.
     */
    long flops();

    /** True when a replay may compute other values from the same inputs (drawn numbers, per-step scalars). */
    default boolean varies() {
        return false;
    }
}
