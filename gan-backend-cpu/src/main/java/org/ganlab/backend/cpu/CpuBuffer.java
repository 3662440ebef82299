package org.ganlab.backend.cpu;

import org.ganlab.backend.Buffer;

/**
 * A Java float array. Closing hands the array back to the backend's pool for the next buffer of its
 * size; a closed buffer refuses to be read, so a stale reference fails loudly instead of seeing
 * another tensor's values. A buffer nobody closes is left to the garbage collector.
 */
final class CpuBuffer implements Buffer {

    private float[] data;
    private final int size;
    private final CpuBufferPool pool;

    CpuBuffer(float[] data) {
        this(data, null);
    }

    CpuBuffer(float[] data, CpuBufferPool pool) {
        this.data = data;
        this.size = data.length;
        this.pool = pool;
    }

    /** The storage; fails after {@link #close()}. */
    float[] data() {
        float[] d = data;
        if (d == null) {
            throw new IllegalStateException("cpu: buffer of " + size + " floats used after close()");
        }
        return d;
    }

    @Override
    public int size() {
        return size;
    }

    /** Closed by the thread that owns the buffer (its memory scope's); idempotent. */
    @Override
    public void close() {
        float[] d = data;
        if (d != null) {
            data = null;
            if (pool != null) {
                pool.give(d);
            }
        }
    }
}
