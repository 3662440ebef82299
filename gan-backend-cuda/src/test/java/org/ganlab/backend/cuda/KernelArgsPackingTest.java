package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * The arguments JCudaDevice hands cuLaunchKernel in one buffer sit where the kernel's C parameter
 * list puts them: ints, floats and structs of ints on 4 bytes, addresses on 8, with the pointer's byte
 * offset and the argument's element offset added to its address. (The GPU suites then run every kernel
 * through it.)
 */
class KernelArgsPackingTest {

    @Test
    void argumentsAreLaidOutAsTheCParameterList() {
        CUdeviceptr base = (CUdeviceptr) new CUdeviceptr().withByteOffset(256);
        int[] view = new int[18];
        for (int i = 0; i < view.length; i++) {
            view[i] = 100 + i;
        }
        KernelArgs<CUdeviceptr> args = new KernelArgs<CUdeviceptr>().add(7).add(3).struct(view).address(base, 2).add(1.5f)
                .address(null, 0);
        ByteBuffer out = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
        JCudaDevice.pack(args.list(), out);
        assertEquals(7, out.getInt(0));
        assertEquals(3, out.getInt(4));
        for (int i = 0; i < view.length; i++) {
            assertEquals(100 + i, out.getInt(8 + 4 * i), "struct word " + i);
        }
        assertEquals(256 + 4 * 2, out.getLong(80), "8-aligned after the 72-byte struct: base, byte offset, 2 floats");
        assertEquals(1.5f, out.getFloat(88));
        assertEquals(0L, out.getLong(96), "a float then a pointer: padded to 96; null is address 0");
        assertEquals(104, out.position(), "the size handed to the driver");
    }
}
