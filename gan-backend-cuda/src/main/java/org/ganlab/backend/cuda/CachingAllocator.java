package org.ganlab.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps freed device blocks by size class and hands them out again, so a training step that makes
 * the same tensors every iteration stops calling {@code cuMemAlloc}/{@code cuMemFree} (each of which
 * synchronises the device) after its first step. Reusing a block is safe without events because every
 * kernel runs on one stream: work queued on a block before it was freed finishes before work queued
 * after it was handed out again.
 *
 * <p>Size classes: powers of two from 512 bytes to 1 MiB, multiples of 2 MiB above. When the device is full the cache is emptied, then {@code reclaim} runs (the
 * backend asks the garbage collector to run buffers' cleaners) and the request is tried again.
 *
 * @param <P> the device pointer type
 */
final class CachingAllocator<P> {

    static final long MIN_BLOCK = 512;
    static final long SMALL_LIMIT = 1 << 20;
    static final long LARGE_GRANULE = 2 << 20;

    /** The device's own allocation calls. */
    interface DeviceMemory<P> {
        /** A new block, or null when the device is out of memory. */
        P allocate(long bytes);

        void free(P block);
    }

    /** A block of one size class; returned to the allocator with {@link #release}. */
    record Block<P>(P pointer, long bytes) {
    }

    private final DeviceMemory<P> memory;
    private final Runnable reclaim;
    private final Map<Long, ArrayDeque<P>> free = new HashMap<>();
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
        return (bytes + LARGE_GRANULE - 1) / LARGE_GRANULE * LARGE_GRANULE;
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
            pointer = memory.allocate(size);
            if (pointer == null) {
                return null;
            }
            deviceAllocations++;
        }
        bytesInUse += size;
        return new Block<>(pointer, size);
    }

    /** Takes a block back into the cache; called from buffers' close() and from the Cleaner's thread. */
    synchronized void release(Block<P> block) {
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).addLast(block.pointer());
        bytesInUse -= block.bytes();
        bytesCached += block.bytes();
    }

    /** Gives every cached block back to the device. */
    synchronized void emptyCache() {
        for (ArrayDeque<P> blocks : free.values()) {
            for (P p : blocks) {
                memory.free(p);
            }
        }
        free.clear();
        bytesCached = 0;
    }

    synchronized long bytesInUse() {
        return bytesInUse;
    }

    synchronized long bytesCached() {
        return bytesCached;
    }

    /** How many times the device's own allocator was called (cache misses). */
    synchronized long deviceAllocations() {
        return deviceAllocations;
    }
}
