package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;

/** {@link CudaBackendChecks} on the GPU; skipped where there is none. */
@RequiresCuda
class CudaBackendTest extends CudaBackendChecks {

    @Override
    Backend cuda() {
        return Backends.get("cuda");
    }
}
