package org.ganlab.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps freed device blocks by size class and hands them out again, so a training step that makes
 * the same tensors every iteration stops asking the device for memory ({@code cuMemAlloc} and
 * {@code cuMemFree} are slow and synchronise the device). Reusing a block is safe without events
 * because every kernel runs on one stream: work queued on a block before it was freed finishes before
 * work queued after it was handed out again.
 *
 * <p>Size classes: powers of two from 512 bytes to 1 MiB, multiples of 2 MiB above. Small classes are
 * carved out of 2 MiB slabs, so the many small tensors of a step cost one device allocation per slab
 * (gan-core never frees a buffer explicitly; blocks come back when the garbage collector finds their
 * buffers unreachable, which can be thousands of steps later). Slabs stay with the allocator; large
 * blocks go back to the device when the cache is emptied. When the device is full the cache is
 * emptied, then {@code reclaim} runs (the backend asks the garbage collector to run buffers' cleaners)
 * and the request is tried again.
 *
 * @param <P> the device pointer type
 */
final class CachingAllocator<P> {

    static final long MIN_BLOCK = 512;
    static final long SMALL_LIMIT = 1 << 20;
    static final long SLAB = 2 << 20;

    /** The device's own allocation calls. */
    interface DeviceMemory<P> {
        /** A new block, or null when the device is out of memory. */
        P allocate(long bytes);

        void free(P block);

        /** The address {@code bytes} past {@code base}. */
        P offset(P base, long bytes);
    }

    /** A block of one size class; returned to the allocator with {@link #release}. */
    record Block<P>(P pointer, long bytes) {
    }

    private final DeviceMemory<P> memory;
    private final Runnable reclaim;
    private final Map<Long, ArrayDeque<P>> free = new HashMap<>();
    private P slab;
    private long slabUsed = SLAB;
    private long bytesInUse;
    private long bytesCached;
    private long deviceAllocations;

    CachingAllocator(DeviceMemory<P> memory, Runnable reclaim) {
        this.memory = memory;
        this.reclaim = reclaim;
    }

    static long sizeClass(long bytes) {
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        if (bytes <= SMALL_LIMIT) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + SLAB - 1) / SLAB * SLAB;
    }

    /** A block of at least {@code bytes}, or null when the device cannot provide one even after reclaiming. */
    Block<P> allocate(long bytes) {
        long size = sizeClass(bytes);
        Block<P> block = tryAllocate(size);
        if (block == null) {
            emptyCache();
            block = tryAllocate(size);
        }
        if (block == null) {
            reclaim.run();
            emptyCache();
            block = tryAllocate(size);
        }
        return block;
    }

    private synchronized Block<P> tryAllocate(long size) {
        ArrayDeque<P> cached = free.get(size);
        P pointer = cached == null ? null : cached.pollLast();
        if (pointer != null) {
            bytesCached -= size;
        } else {
            pointer = size <= SMALL_LIMIT ? carve(size) : fromDevice(size);
            if (pointer == null) {
                return null;
            }
        }
        bytesInUse += size;
        return new Block<>(pointer, size);
    }

    /** The next {@code size} bytes of the current slab (a new slab when it is full; the rest of the old one is left). */
    private P carve(long size) {
        if (slabUsed + size > SLAB) {
            P next = fromDevice(SLAB);
            if (next == null) {
                return null;
            }
            slab = next;
            slabUsed = 0;
        }
        P pointer = memory.offset(slab, slabUsed);
        slabUsed += size;
        return pointer;
    }

    private P fromDevice(long bytes) {
        P pointer = memory.allocate(bytes);
        if (pointer != null) {
            deviceAllocations++;
        }
        return pointer;
    }

    /** Takes a block back into the cache; called from buffers' close() and from the Cleaner's thread. */
    synchronized void release(Block<P> block) {
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).addLast(block.pointer());
        bytesInUse -= block.bytes();
        bytesCached += block.bytes();
    }

    /** Gives every cached large block back to the device (small ones live in slabs and stay cached). */
    synchronized void emptyCache() {
        for (Map.Entry<Long, ArrayDeque<P>> blocks : free.entrySet()) {
            if (blocks.getKey() > SMALL_LIMIT) {
                for (P p : blocks.getValue()) {
                    memory.free(p);
                    bytesCached -= blocks.getKey();
                }
                blocks.getValue().clear();
            }
        }
    }

    synchronized long bytesInUse() {
        return bytesInUse;
    }

    synchronized long bytesCached() {
        return bytesCached;
    }

    /** How many times the device's own allocator was called (slabs and large blocks). */
    synchronized long deviceAllocations() {
        return deviceAllocations;
    }
}
