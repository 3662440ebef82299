package org.ganlab.backend.cuda;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BackendProvider;

/**
 * Registers the GPU backend. Its priority is below the CPU backend's: the seed networks are a few
 * dozen weights, where a kernel launch costs more than the arithmetic, so the GPU is chosen by name
 * ({@code --backend cuda}), never by default. Native code loads on the first {@link #isAvailable()}.
 */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public boolean isAvailable() {
        return CudaDriver.probe().available();
    }

    @Override
    public String unavailableReason() {
        return CudaDriver.probe().unavailableReason();
    }

    @Override
    public Backend create() {
        CudaDriver.Probe probe = CudaDriver.probe();
        if (!probe.available()) {
            throw new IllegalStateException("cuda backend unavailable: " + probe.unavailableReason());
        }
        return new CudaBackend<>(JCudaDevice.open(probe));
    }
}
