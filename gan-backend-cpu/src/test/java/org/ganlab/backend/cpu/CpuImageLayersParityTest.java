package org.ganlab.backend.cpu;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.testing.ImageLayersParitySuite;

/** The image-layers parity suite on the CPU backend, found through ServiceLoader as users find it. */
class CpuImageLayersParityTest extends ImageLayersParitySuite {

    @Override
    protected Backend backend() {
        return Backends.get("cpu");
    }
}
