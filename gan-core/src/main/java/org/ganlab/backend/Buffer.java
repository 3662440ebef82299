package org.ganlab.backend;

/**
 * Opaque storage of float32 values owned by one backend. Gan-core never reads it: it only hands
 * buffers back to the backend that made them, so a buffer may live in GPU memory.
 */
public interface Buffer extends AutoCloseable {

    /** Number of float32 elements. */
    int size();

    /** Releases the storage now; using the buffer afterwards is an error. Idempotent. */
    @Override
    default void close() {
    }
}
