package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.experiments.testing.CapturedStepSuite;

/** Captured steps against eager ones on the CUDA backend, kernels run by the host emulation. */
class EmulatedCudaCapturedStepTest extends CapturedStepSuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }
}
