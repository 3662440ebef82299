package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {

    /** A device of fixed capacity whose blocks are numbered. */
    static final class FakeDevice implements CachingAllocator.DeviceMemory<Long> {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        final List<Long> freed = new ArrayList<>();
        long next;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        long used() {
            return live.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public Long allocate(long bytes) {
            if (used() + bytes > capacity) {
                return null;
            }
            live.put(next, bytes);
            return next++;
        }

        @Override
        public void free(Long block) {
            live.remove(block);
            freed.add(block);
        }
    }

    @Test
    void sizeClasses() {
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1 << 20, CachingAllocator.sizeClass((1 << 19) + 1));
        assertEquals(1 << 20, CachingAllocator.sizeClass(1 << 20));
        assertEquals(2 << 20, CachingAllocator.sizeClass((1 << 20) + 1));
        assertEquals(6 << 20, CachingAllocator.sizeClass((4 << 20) + 1));
    }

    @Test
    void releasedBlocksAreHandedOutAgainWithoutTheDevice() {
        FakeDevice device = new FakeDevice(1 << 30);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> { });
        CachingAllocator.Block<Long> a = allocator.allocate(1000);
        assertEquals(1024, a.bytes());
        allocator.release(a);
        assertEquals(1024, allocator.bytesCached());
        CachingAllocator.Block<Long> again = allocator.allocate(700);  // same class
        assertSame(a.pointer(), again.pointer());
        assertEquals(1, allocator.deviceAllocations());
        CachingAllocator.Block<Long> other = allocator.allocate(3000);  // another class
        assertNotEquals(a.pointer(), other.pointer());
        assertEquals(2, allocator.deviceAllocations());
        assertEquals(1024 + 4096, allocator.bytesInUse());
    }

    @Test
    void aFullDeviceEmptiesTheCacheThenReclaimsThenGivesUp() {
        FakeDevice device = new FakeDevice(4096);
        int[] reclaims = {0};
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> reclaims[0]++);
        CachingAllocator.Block<Long> small = allocator.allocate(2048);
        allocator.release(small);
        // 2048 cached + 4096 does not fit: the cache goes back to the device and the request succeeds
        CachingAllocator.Block<Long> big = allocator.allocate(4096);
        assertEquals(List.of(small.pointer()), device.freed);
        assertEquals(4096, big.bytes());
        assertEquals(0, reclaims[0]);
        // nothing cached and the device full: the garbage collector is asked once, then null
        assertNull(allocator.allocate(512));
        assertEquals(1, reclaims[0]);
    }

    @Test
    void reclaimingCanFreeEnough() {
        FakeDevice device = new FakeDevice(4096);
        CachingAllocator<Long>[] self = new CachingAllocator[1];
        CachingAllocator.Block<Long>[] held = new CachingAllocator.Block[1];
        // "reclaim" plays the Cleaner: an unreachable buffer's block comes back
        self[0] = new CachingAllocator<>(device, () -> self[0].release(held[0]));
        held[0] = self[0].allocate(4096);
        CachingAllocator.Block<Long> next = self[0].allocate(4096);
        assertEquals(4096, next.bytes());
    }
}
