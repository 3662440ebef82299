package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.testing.CapturedStepSuite;

/** Captured steps against eager ones on the GPU, each call launched on its own; skipped where there is no GPU. */
@RequiresCuda
class CudaCapturedStepTest extends CapturedStepSuite {

    @Override
    protected Backend backend() {
        return Backends.get("cuda");
    }
}
