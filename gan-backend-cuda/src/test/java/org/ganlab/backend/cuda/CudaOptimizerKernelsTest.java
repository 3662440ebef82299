package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.testing.OptimizerKernelsSuite;

/** optimizer.cu's fused updates give the same bits as the composed updates; skipped where there is no GPU. */
@RequiresCuda
class CudaOptimizerKernelsTest extends OptimizerKernelsSuite {

    @Override
    protected Backend backend() {
        return Backends.get("cuda");
    }
}
