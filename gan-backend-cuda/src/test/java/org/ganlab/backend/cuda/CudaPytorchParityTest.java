package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.testing.PytorchParitySuite;

/** The shared gan-core suite on the GPU, with the suite's own tolerances; skipped where there is no GPU. */
@RequiresCuda
class CudaPytorchParityTest extends PytorchParitySuite {

    @Override
    protected Backend backend() {
        return Backends.get("cuda");
    }
}
