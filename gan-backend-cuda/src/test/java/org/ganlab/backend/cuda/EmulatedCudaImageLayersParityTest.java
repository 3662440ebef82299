package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.testing.ImageLayersParitySuite;

/** The image-layers parity suite on the CUDA backend with its kernels run by the host emulation: every machine. */
class EmulatedCudaImageLayersParityTest extends ImageLayersParitySuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }
}
