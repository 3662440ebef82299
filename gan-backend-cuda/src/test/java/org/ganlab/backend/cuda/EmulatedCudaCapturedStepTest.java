package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.experiments.testing.CapturedStepSuite;

/**
 * Captured steps against eager ones on the CUDA backend, kernels run by the host emulation, with
 * the replays' kernels recorded as graphs and launched as such (stream capture, as a GPU records
 * them; the emulation refuses a copy while a graph is recorded, as CUDA does).
 */
class EmulatedCudaCapturedStepTest extends CapturedStepSuite {

    @Override
    protected Backend backend() {
        return EmulatedDevice.backend();
    }

    @Override
    protected boolean graphs() {
        return true;
    }
}
