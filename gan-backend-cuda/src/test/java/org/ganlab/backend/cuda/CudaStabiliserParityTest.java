package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.testing.StabiliserParitySuite;

/** The PyTorch GAN-step fixtures through the training step on the GPU; skipped where there is no GPU. */
@RequiresCuda
class CudaStabiliserParityTest extends StabiliserParitySuite {

    @Override
    protected Backend backend() {
        return Backends.get("cuda");
    }
}
