package org.ganlab.experiments.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the PyTorch GAN-step fixtures ({@code shared/fixtures/README.md} describes the format):
 * {@code -Dgan.ganStepFixtures=PATH} when given, else {@code shared/fixtures/pytorch-gan-steps.json}
 * found beside the working directory or one of its parents.
 */
public final class GanStepFixtures {

    public static final String PROPERTY = "gan.ganStepFixtures";
    static final String DEFAULT = "shared/fixtures/pytorch-gan-steps.json";

    private GanStepFixtures() {
    }

    public static Path location() {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return Paths.get(given);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DEFAULT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + DEFAULT + " beside " + Paths.get("").toAbsolutePath()
                + " or its parents; pass -D" + PROPERTY + "=PATH");
    }

    public static List<JsonNode> cases() {
        Path path = location();
        try {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(path.toFile()).get("cases").forEach(cases::add);
            if (cases.isEmpty()) {
                throw new IllegalStateException(path + " has no cases");
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixtures " + path, e);
        }
    }
}
