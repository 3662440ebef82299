package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;

/** {@link CudaBackendChecks} with the kernels run by the host emulation: every machine. */
class EmulatedCudaBackendTest extends CudaBackendChecks {

    @Override
    Backend cuda() {
        return EmulatedDevice.backend();
    }
}
