package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {

    static final long MIB = 1 << 20;

    /** A device of fixed capacity; addresses are byte positions in a large address space. */
    static final class FakeDevice implements CachingAllocator.DeviceMemory<Long> {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        final List<Long> freed = new ArrayList<>();
        long next = 1L << 40;

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
            long address = next;
            next += bytes;
            live.put(address, bytes);
            return address;
        }

        @Override
        public void free(Long block) {
            live.remove(block);
            freed.add(block);
        }

        @Override
        public Long offset(Long base, long bytes) {
            return base + bytes;
        }
    }

    @Test
    void sizeClasses() {
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(MIB, CachingAllocator.sizeClass(MIB / 2 + 1));
        assertEquals(MIB, CachingAllocator.sizeClass(MIB));
        assertEquals(2 * MIB, CachingAllocator.sizeClass(MIB + 1));
        assertEquals(6 * MIB, CachingAllocator.sizeClass(4 * MIB + 1));
    }

    @Test
    void smallBlocksAreCarvedFromSlabsWithoutOverlap() {
        FakeDevice device = new FakeDevice(1L << 30);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> { });
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2048; i++) {  // 2048 × 1 KiB: one 2 MiB slab
            CachingAllocator.Block<Long> b = allocator.allocate(1000);
            assertEquals(1024, b.bytes());
            assertEquals(0, b.pointer() % 512, "aligned");
            assertTrue(seen.add(b.pointer()));
        }
        assertEquals(1, allocator.deviceAllocations());
        allocator.allocate(MIB);  // does not fit in the full slab: a second one
        assertEquals(2, allocator.deviceAllocations());
        assertEquals(2048 * 1024 + MIB, allocator.bytesInUse());
    }

    @Test
    void releasedBlocksAreHandedOutAgainWithoutTheDevice() {
        FakeDevice device = new FakeDevice(1L << 30);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> { });
        CachingAllocator.Block<Long> small = allocator.allocate(1000);
        CachingAllocator.Block<Long> large = allocator.allocate(3 * MIB);
        allocator.release(small);
        allocator.release(large);
        assertEquals(1024 + 4 * MIB, allocator.bytesCached());
        long before = allocator.deviceAllocations();
        assertEquals(small.pointer(), allocator.allocate(700).pointer(), "same class, same block");
        assertEquals(large.pointer(), allocator.allocate(4 * MIB).pointer());
        assertEquals(before, allocator.deviceAllocations());
    }

    @Test
    void aFullDeviceEmptiesTheCacheThenReclaimsThenGivesUp() {
        FakeDevice device = new FakeDevice(7 * MIB);
        int[] reclaims = {0};
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> reclaims[0]++);
        CachingAllocator.Block<Long> four = allocator.allocate(4 * MIB);
        allocator.release(four);
        // 4 MiB cached + 6 MiB does not fit: the cache goes back to the device and the request succeeds
        CachingAllocator.Block<Long> six = allocator.allocate(6 * MIB);
        assertEquals(List.of(four.pointer()), device.freed);
        assertEquals(6 * MIB, six.bytes());
        assertEquals(0, reclaims[0]);
        // nothing cached and no room for a slab: the garbage collector is asked once, then null
        assertNull(allocator.allocate(512));
        assertEquals(1, reclaims[0]);
    }

    @Test
    void reclaimingCanFreeEnough() {
        FakeDevice device = new FakeDevice(4 * MIB);
        List<CachingAllocator<Long>> self = new ArrayList<>();
        List<CachingAllocator.Block<Long>> held = new ArrayList<>();
        // "reclaim" plays the Cleaner: an unreachable buffer's block comes back
        self.add(new CachingAllocator<>(device, () -> self.get(0).release(held.get(0))));
        held.add(self.get(0).allocate(4 * MIB));
        CachingAllocator.Block<Long> next = self.get(0).allocate(4 * MIB);
        assertEquals(4 * MIB, next.bytes());
    }
}
