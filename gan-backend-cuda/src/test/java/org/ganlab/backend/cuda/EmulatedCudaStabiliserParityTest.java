package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.experiments.testing.StabiliserParitySuite;

/** The PyTorch GAN-step fixtures through the training step on the CUDA backend, kernels run by the host emulation. */
class EmulatedCudaStabiliserParityTest extends StabiliserParitySuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }
}
