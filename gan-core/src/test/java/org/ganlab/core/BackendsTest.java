package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BackendSelectionAccess;
import org.ganlab.backend.Backends;
import org.ganlab.backend.UnknownBackendException;
import org.ganlab.tensor.Tensor;
import org.ganlab.testing.ReferenceBackend;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void providersAreFoundWithServiceLoader() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p.name().equals("reference")));
        assertEquals("reference", Backends.get("reference").name());
        assertSame(Backends.get("reference"), Backends.get("REFERENCE"), "one instance per provider");
    }

    @Test
    void anUnknownNameListsTheBackendsFound() {
        UnknownBackendException e = assertThrows(UnknownBackendException.class, () -> Backends.get("tpu"));
        assertEquals("unknown backend 'tpu'; backends found: reference (priority -100)", e.getMessage());
    }

    @Test
    void propertyBeatsEnvironmentBeatsPriority() {
        assertEquals("reference", BackendSelectionAccess.choose(null, null).name(), "highest priority available");
        assertEquals("reference", BackendSelectionAccess.choose("reference", "nope").name());
        assertThrows(UnknownBackendException.class, () -> BackendSelectionAccess.choose("nope", "reference"),
                "the property wins even when wrong");
        assertThrows(UnknownBackendException.class, () -> BackendSelectionAccess.choose(null, "nope"));
    }

    @Test
    void useScopesTheCurrentBackendAndRestoresIt() {
        Backend mine = new ReferenceBackend();
        Backend before = Backends.current();
        try (var scope = Backends.use(mine)) {
            assertSame(mine, Tensor.zeros(2).backend());
        }
        assertSame(before, Backends.current());
    }
}
