package org.ganlab.backend.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Arrays of closed buffers, by exact length, for the next allocation of that length: a training
 * step that closes its intermediates (a {@code MemoryScope}) then allocates almost nothing, and the
 * most recently freed array, likely still in cache, is reused first. Tiny arrays are not pooled
 * (allocating them costs less than the lookup), and the pool holds at most {@link #CAPACITY_BYTES}:
 * 1 GiB, or a quarter of the heap when that is less (a DCGAN step at batch 64 has about 400 MiB of
 * intermediates; with 256 MiB half of them were allocated anew each step, 180 MB per step).
 */
final class CpuBufferPool {

    /** Arrays shorter than this are left to the garbage collector. */
    static final int MIN_POOLED = 256;
    static final long CAPACITY_BYTES = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long pooledBytes;

    /** A pooled array of exactly {@code size} floats (contents undefined), or a new one. */
    float[] take(int size) {
        if (size >= MIN_POOLED) {
            synchronized (this) {
                ArrayDeque<float[]> arrays = free.get(size);
                if (arrays != null && !arrays.isEmpty()) {
                    pooledBytes -= 4L * size;
                    return arrays.pop();
                }
            }
        }
        return new float[size];
    }

    /** Takes a freed array back; a tiny one is refused before the lock, as {@link #take} does. */
    void give(float[] array) {
        if (array.length < MIN_POOLED) {
            return;
        }
        long bytes = 4L * array.length;
        synchronized (this) {
            if (pooledBytes + bytes <= CAPACITY_BYTES) {
                free.computeIfAbsent(array.length, n -> new ArrayDeque<>()).push(array);
                pooledBytes += bytes;
            }
        }
    }
}
