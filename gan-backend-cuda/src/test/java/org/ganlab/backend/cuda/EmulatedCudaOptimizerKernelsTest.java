package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.testing.OptimizerKernelsSuite;

/** The shared gan-core suite on the CUDA backend with its kernels run by the host emulation: every machine. */
class EmulatedCudaOptimizerKernelsTest extends OptimizerKernelsSuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }
}
