package org.ganlab.backend.cuda;

import java.lang.ref.Cleaner;
import org.ganlab.backend.Buffer;

/**
 * float32 values in device memory ({@code P} is the device's address type). Closing hands the block back to the caching allocator at once;
 * a buffer nobody closes is handed back by a {@link Cleaner} once it is unreachable (gan-core's tensors
 * never close their buffers, so this is the common path).
 */
final class CudaBuffer<P> implements Buffer {

    private static final Cleaner CLEANER = Cleaner.create();

    private final P pointer;
    private final int size;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;
    /** Allocated while a graph was recorded: the graph uses its address at every launch, so only the graph frees it. */
    private final boolean heldByGraph;

    /** {@code block} is null for an empty buffer, whose address is null. */
    CudaBuffer(CachingAllocator<P> allocator, CachingAllocator.Block<P> block, int size) {
        this(allocator, block, size, false);
    }

    CudaBuffer(CachingAllocator<P> allocator, CachingAllocator.Block<P> block, int size, boolean heldByGraph) {
        this.heldByGraph = heldByGraph;
        this.pointer = block == null ? null : block.pointer();
        this.size = size;
        this.cleanable = block == null ? null : CLEANER.register(this, new Release<>(allocator, block));
    }

    /** The device address; fails after {@link #close()}. */
    P pointer() {
        if (closed) {
            throw new IllegalStateException("cuda: buffer of " + size + " floats used after close()");
        }
        return pointer;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void close() {
        if (heldByGraph) {
            return;
        }
        release();
    }

    /** Hands the block back now (a graph's buffers, when the graph closes). */
    void release() {
        closed = true;
        if (cleanable != null) {
            cleanable.clean();  // runs Release at most once, however often close() is called
        }
    }

    /** Holds no reference to the buffer, or the Cleaner could never run. */
    private record Release<P>(CachingAllocator<P> allocator, CachingAllocator.Block<P> block) implements Runnable {
        @Override
        public void run() {
            allocator.release(block);
        }
    }
}
