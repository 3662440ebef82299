package org.ganlab.core;

import org.ganlab.backend.Backend;
import org.ganlab.testing.BackendTestBase;
import org.ganlab.testing.ReferenceBackend;

/** Base of gan-core's own unit tests: they run on the reference backend. */
abstract class ReferenceBackendTest extends BackendTestBase {

    private static final Backend BACKEND = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
