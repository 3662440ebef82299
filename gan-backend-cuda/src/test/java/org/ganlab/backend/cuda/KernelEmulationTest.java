package org.ganlab.backend.cuda;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Builds src/test/emulation/kernel_emulation_test.cpp, which runs the real kernel sources on the host
 * under a small emulation of CUDA's threads and barriers and checks them against plain host code: the
 * SGEMM variants bit for bit against an fma chain over edge shapes, offsets and misalignment, both
 * reduction paths, the fused optimiser updates, strided indexing and the Math corner cases.
 */
class KernelEmulationTest {

    @Test
    void kernelsPassUnderHostEmulation() throws IOException, InterruptedException {
        HostCompiler.run(List.of(HostCompiler.build("kernel_emulation_test.cpp", "kernel-emulation").toString()),
                "the kernel emulation");
    }
}
