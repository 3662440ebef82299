package org.ganlab.experiments.step;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.testing.CapturedStepSuite;

/** Captured steps against eager ones on the CPU backend. */
class CpuCapturedStepTest extends CapturedStepSuite {

    @Override
    protected Backend backend() {
        return Backends.get("cpu");
    }
}
