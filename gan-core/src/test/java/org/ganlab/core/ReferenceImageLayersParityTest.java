package org.ganlab.core;

import org.ganlab.backend.Backend;
import org.ganlab.testing.ImageLayersParitySuite;
import org.ganlab.testing.ReferenceBackend;

/** The image-layers parity suite on the reference backend, so gan-core checks itself without a real backend. */
class ReferenceImageLayersParityTest extends ImageLayersParitySuite {

    private static final Backend BACKEND = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
