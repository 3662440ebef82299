package org.ganlab.backend.cpu;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.testing.PytorchParitySuite;

/** The shared gan-core suite on the CPU backend, found through ServiceLoader as users find it. */
class CpuPytorchParityTest extends PytorchParitySuite {

    @Override
    protected Backend backend() {
        return Backends.get("cpu");
    }
}
