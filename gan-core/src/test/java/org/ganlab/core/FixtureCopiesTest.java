package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.ganlab.testing.PytorchFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repository's copies of the PyTorch fixtures are what the tests read by default, so that a plain
 * clone passes; where the steering side's {@code shared/fixtures/} lies beside the checkout (as on
 * the build machines and in CI), each copy must be the same bytes, so that a corrected fixture there
 * is taken over here in the commit whose code needs it, not silently left behind.
 */
class FixtureCopiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"pytorch-reference.json", "pytorch-gan-steps.json", "pytorch-image-layers.json"})
    void theRepositorysCopyIsReadableAndMatchesSharedFixturesWhereTheyExist(String name) throws IOException {
        byte[] copy;
        try (InputStream in = PytorchFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            assertNotNull(in, name + " is among gan-core's test resources");
            copy = in.readAllBytes();
        }
        assertTrue(PytorchFixtures.root("gan.noSuchProperty", name).path("cases").size() > 0, name + " has cases");
        Path shared = shared(name);
        assumeTrue(shared != null, "no shared/fixtures/" + name + " beside this checkout (a plain clone)");
        assertArrayEquals(Files.readAllBytes(shared), copy, shared + " differs from the repository's copy of " + name
                + ": copy it into gan-core/src/test/resources/fixtures/ with the code that needs it");
    }

    /** shared/fixtures/NAME beside the working directory or one of its parents, or null. */
    private static Path shared(String name) {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
