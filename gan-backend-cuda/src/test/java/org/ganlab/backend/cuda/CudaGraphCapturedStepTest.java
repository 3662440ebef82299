package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.experiments.testing.CapturedStepSuite;

/**
 * Captured steps against eager ones on the GPU with the replays as CUDA graphs (stream capture):
 * what verifies graphs on a real device before they are turned on there by default. Skipped where
 * there is no GPU.
 */
@RequiresCuda
class CudaGraphCapturedStepTest extends CapturedStepSuite {

    private static Backend graphs;

    @Override
    protected Backend backend() {
        synchronized (CudaGraphCapturedStepTest.class) {
            if (graphs == null) {
                graphs = new CudaBackend<>(JCudaDevice.open(CudaDriver.probe()), true);
            }
            return graphs;
        }
    }

    @Override
    protected boolean graphs() {
        return true;
    }
}
