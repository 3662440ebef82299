package org.ganlab.experiments.step;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.testing.StabiliserParitySuite;

/** The PyTorch GAN-step fixtures on the CPU backend. */
class CpuStabiliserParityTest extends StabiliserParitySuite {

    @Override
    protected Backend backend() {
        return Backends.get("cpu");
    }
}
