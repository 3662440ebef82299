package org.ganlab.experiments.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.ganlab.testing.PytorchFixtures;

/**
 * The PyTorch GAN-step fixtures ({@code shared/fixtures/README.md} describes the format):
 * {@code -Dgan.ganStepFixtures=PATH} when given, else {@code shared/fixtures/pytorch-gan-steps.json}
 * found beside the working directory or one of its parents.
 */
public final class GanStepFixtures {

    public static final String PROPERTY = "gan.ganStepFixtures";
    static final String DEFAULT = "shared/fixtures/pytorch-gan-steps.json";

    private GanStepFixtures() {
    }

    public static Path location() {
        return PytorchFixtures.locate(PROPERTY, DEFAULT);
    }

    public static List<JsonNode> cases() {
        return PytorchFixtures.cases(location());
    }
}
