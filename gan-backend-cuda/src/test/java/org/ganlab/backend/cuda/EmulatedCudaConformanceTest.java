package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.testing.BackendConformanceSuite;

/** The shared gan-core suite on the CUDA backend with its kernels run by the host emulation: every machine. */
class EmulatedCudaConformanceTest extends BackendConformanceSuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }
}
