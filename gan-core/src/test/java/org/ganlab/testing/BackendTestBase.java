package org.ganlab.testing;

import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs each test with {@link #backend()} as the current backend; a backend's test subclasses a suite. */
public abstract class BackendTestBase {

    private Backends.Scope scope;

    /** The backend under test. */
    protected abstract Backend backend();

    @BeforeEach
    void useBackend() {
        scope = Backends.use(backend());
    }

    @AfterEach
    void restoreBackend() {
        scope.close();
    }
}
