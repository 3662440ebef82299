package org.ganlab.backend.cuda;

import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;
import org.ganlab.backend.Buffer;

/**
 * float32 values in device memory. Closing hands the block back to the caching allocator at once;
 * a buffer nobody closes is handed back by a {@link Cleaner} once it is unreachable (gan-core's tensors
 * never close their buffers, so this is the common path).
 */
final class CudaBuffer implements Buffer {

    private static final Cleaner CLEANER = Cleaner.create();

    private final CUdeviceptr pointer;
    private final int size;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    /** {@code block} is null for an empty buffer. */
    CudaBuffer(CachingAllocator<CUdeviceptr> allocator, CachingAllocator.Block<CUdeviceptr> block, int size) {
        this.pointer = block == null ? new CUdeviceptr() : block.pointer();
        this.size = size;
        this.cleanable = block == null ? null : CLEANER.register(this, new Release(allocator, block));
    }

    /** The device address; fails after {@link #close()}. */
    CUdeviceptr pointer() {
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
        closed = true;
        if (cleanable != null) {
            cleanable.clean();  // runs Release at most once, however often close() is called
        }
    }

    /** Holds no reference to the buffer, or the Cleaner could never run. */
    private record Release(CachingAllocator<CUdeviceptr> allocator, CachingAllocator.Block<CUdeviceptr> block)
            implements Runnable {
        @Override
        public void run() {
            allocator.release(block);
        }
    }
}
