package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.testing.PytorchParitySuite;

/** The shared gan-core suite on the CUDA backend with its kernels run by the host emulation: every machine. */
class EmulatedCudaPytorchParityTest extends PytorchParitySuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }
}
