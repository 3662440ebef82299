package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.testing.ImageLayersParitySuite;

/** The image-layers parity suite on the GPU, with the suite's own tolerances; skipped where there is no GPU. */
@RequiresCuda
class CudaImageLayersParityTest extends ImageLayersParitySuite {

    @Override
    protected Backend backend() {
        return Backends.get("cuda");
    }
}
