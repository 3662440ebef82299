package org.ganlab.experiments.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.ganlab.testing.PytorchFixtures;

/**
 * The PyTorch GAN-step fixtures ({@code fixtures/README.md} among gan-core's test resources describes
 * the format): {@code -Dgan.ganStepFixtures=PATH} when given, else the repository's copy of
 * {@code pytorch-gan-steps.json}.
 */
public final class GanStepFixtures {

    public static final String PROPERTY = "gan.ganStepFixtures";
    static final String FILE = "pytorch-gan-steps.json";

    private GanStepFixtures() {
    }

    public static JsonNode root() {
        return PytorchFixtures.root(PROPERTY, FILE);
    }

    public static List<JsonNode> cases() {
        return PytorchFixtures.cases(PROPERTY, FILE);
    }

    /**
     * The unrolled GAN's cases ({@code pytorch-unrolled-steps.json}, the same format with
     * {@code unrolled}: k and the look-ahead's lr, made by {@code docs/unrolled/unrolled_reference.py}).
     */
    public static List<JsonNode> unrolledCases() {
        return PytorchFixtures.cases("gan.unrolledFixtures", "pytorch-unrolled-steps.json");
    }
}
