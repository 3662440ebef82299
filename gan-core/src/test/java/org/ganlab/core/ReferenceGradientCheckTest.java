package org.ganlab.core;

import org.ganlab.backend.Backend;
import org.ganlab.testing.GradientCheckSuite;
import org.ganlab.testing.ReferenceBackend;

/** The shared suite on the reference backend, so gan-core checks itself without a real backend. */
class ReferenceGradientCheckTest extends GradientCheckSuite {

    private static final Backend BACKEND = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
