package org.ganlab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.ganlab.nn.Identity;
import org.ganlab.nn.LeakyReLU;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.ReLU;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.nn.Tanh;
import org.ganlab.tensor.Tensor;

/**
 * Reads the PyTorch fixtures ({@code fixtures/README.md} among gan-core's test resources describes
 * their format and how they were made). Each is read from the copy in this repository, on the test
 * classpath as {@code /fixtures/NAME}, unless a system property names another file of the same format.
 * The reference file is {@code -Dgan.fixtures=PATH} when given, else {@code pytorch-reference.json}.
 */
public final class PytorchFixtures {

    public static final String PROPERTY = "gan.fixtures";
    static final String FILE = "pytorch-reference.json";
    /** Where the in-repository copies lie on the test classpath. */
    static final String FOLDER = "/fixtures/";

    private PytorchFixtures() {
    }

    public static List<JsonNode> cases() {
        return cases(PROPERTY, FILE);
    }

    /** The {@code cases} of a fixture file ({@link #root}); none is an error. */
    public static List<JsonNode> cases(String property, String name) {
        JsonNode root = root(property, name);
        List<JsonNode> cases = new ArrayList<>();
        root.path("cases").forEach(cases::add);
        if (cases.isEmpty()) {
            throw new IllegalStateException(source(property, name) + " has no cases");
        }
        return cases;
    }

    /**
     * A whole fixture file: the file the system property {@code property} names when given, else the
     * in-repository copy {@code name}.
     */
    public static JsonNode root(String property, String name) {
        String given = System.getProperty(property);
        try {
            if (given != null && !given.isBlank()) {
                return new ObjectMapper().readTree(Paths.get(given).toFile());
            }
            try (InputStream in = PytorchFixtures.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("no " + FOLDER + name + " on the test classpath (gan-core's test "
                            + "resources); pass -D" + property + "=PATH");
                }
                return new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixtures " + source(property, name), e);
        }
    }

    /** Where {@link #root} reads from, for messages. */
    public static String source(String property, String name) {
        String given = System.getProperty(property);
        return given != null && !given.isBlank() ? given : "the repository's copy of " + name;
    }

    /** A nested JSON array of numbers as a tensor of its natural shape. */
    public static Tensor tensor(JsonNode array) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode n = array; n.isArray(); n = n.get(0)) {
            shape.add(n.size());
        }
        List<Float> values = new ArrayList<>();
        flatten(array, values);
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        return Tensor.of(data, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    public static double[] doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        flattenDoubles(array, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(JsonNode n, List<Float> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add((float) n.asDouble());
        }
    }

    private static void flattenDoubles(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flattenDoubles(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    /** {@code y = act(x W^T + b)} per layer, as the fixtures define them. */
    public static Sequential network(JsonNode layers) {
        List<Module> modules = new ArrayList<>();
        for (JsonNode layer : layers) {
            Tensor weight = tensor(layer.get("weight"));
            Tensor bias = layer.get("bias").isNull() ? null : tensor(layer.get("bias"));
            modules.add(new Linear(weight, bias));
            modules.add(activation(layer.get("activation").asText(),
                    (float) layer.path("negative_slope").asDouble(FIXTURE_LEAKY_SLOPE)));
        }
        return new Sequential(modules.toArray(Module[]::new));
    }

    /**
     * The fixture format names {@code leaky_relu} without a slope. The reference file was made with
     * 0.2, the usual GAN slope: its mlp case's first loss is 0.59226 with 0.2 and 0.68883 with
     * PyTorch's default 0.01. A layer may state {@code negative_slope} to override it.
     */
    static final double FIXTURE_LEAKY_SLOPE = 0.2;

    static Module activation(String name, float slope) {
        return switch (name) {
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "relu" -> new ReLU();
            case "leaky_relu" -> new LeakyReLU(slope);
            case "identity" -> new Identity();
            default -> throw new IllegalArgumentException("fixture activation '" + name + "' is not supported");
        };
    }

    /** The expected parameters of {@code layers} in parameter order: each layer's weight, then its bias. */
    public static List<double[]> parameters(JsonNode layers) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode layer : layers) {
            out.add(doubles(layer.get("weight")));
            if (!layer.get("bias").isNull()) {
                out.add(doubles(layer.get("bias")));
            }
        }
        return out;
    }
}
