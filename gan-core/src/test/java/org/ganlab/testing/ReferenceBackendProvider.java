package org.ganlab.testing;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BackendProvider;

/** Registers {@link ReferenceBackend} for tests; lowest priority, so a real backend wins by default. */
public final class ReferenceBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
