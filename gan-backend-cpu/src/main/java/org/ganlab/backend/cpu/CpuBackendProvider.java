package org.ganlab.backend.cpu;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BackendProvider;

/** Registers the pure-Java backend; it runs everywhere, so it is the fallback default. */
public final class CpuBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
