package org.ganlab.backend.cpu;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.testing.OptimizerKernelsSuite;

/** The CPU's fused updates give the same bits as the optimisers' composed updates. */
class CpuOptimizerKernelsTest extends OptimizerKernelsSuite {

    @Override
    protected Backend backend() {
        return Backends.get("cpu");
    }
}
