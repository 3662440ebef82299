package org.ganlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ganlab.autograd.Autograd;
import org.ganlab.autograd.GradMode;
import org.ganlab.loss.BceWithLogitsLoss;
import org.ganlab.nn.BatchNorm;
import org.ganlab.nn.BatchNorm1d;
import org.ganlab.nn.BatchNorm2d;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.ConvTranspose2d;
import org.ganlab.nn.Flatten;
import org.ganlab.nn.LayerNorm;
import org.ganlab.nn.Linear;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Unflatten;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case of {@code pytorch-image-layers.json} (or of the file {@code -Dgan.imageFixtures=PATH}
 * names) through the real modules, autograd and Adam: convolution layers with their gradients, batch
 * and layer norm over successive passes with running statistics, R1 penalties through convolutional
 * and normalised networks (double backward), and whole tiny-DCGAN runs. PyTorch computed in float64,
 * we in float32: an element passes within the parity suites' tolerance,
 * {@code |actual − expected| <= }{@value PytorchParitySuite#ABSOLUTE}{@code  + }{@value PytorchParitySuite#RELATIVE}{@code ·|expected|}.
 * The largest difference of each case, as a multiple of that tolerance, is printed at the end.
 */
public abstract class ImageLayersParitySuite extends BackendTestBase {

    public static final String PROPERTY = "gan.imageFixtures";
    static final String FILE = "pytorch-image-layers.json";

    private static final List<String> WORST = new ArrayList<>();
    private double worst;
    private String worstAt;

    @TestFactory
    Stream<DynamicTest> imageLayerCases() {
        return PytorchFixtures.cases(PROPERTY, FILE).stream().map(c -> DynamicTest.dynamicTest(
                c.get("name").asText() + " (" + c.get("kind").asText() + ")", () -> {
                    worst = 0;
                    worstAt = "";
                    switch (c.get("kind").asText()) {
                        case "layer" -> layer(c);
                        case "batch_norm", "layer_norm" -> normalisation(c);
                        case "r1" -> r1(c);
                        case "gan" -> gan(c);
                        default -> fail("unknown image fixture kind " + c.get("kind"));
                    }
                    WORST.add(String.format("%s %-28s largest difference %.3f of the tolerance (%s)",
                            backend().name(), c.get("name").asText(), worst, worstAt));
                }));
    }

    @AfterAll
    static void report() {
        WORST.forEach(System.out::println);
        WORST.clear();
    }

    private void layer(JsonNode c) {
        String name = c.get("name").asText();
        JsonNode args = c.get("args");
        int stride = args.get("stride").asInt();
        int padding = args.get("padding").asInt();
        Tensor weight = PytorchFixtures.tensor(c.get("weight"));
        Tensor bias = c.get("bias").isNull() ? null : PytorchFixtures.tensor(c.get("bias"));
        Module layer = switch (c.get("op").asText()) {
            case "conv2d" -> new Conv2d(weight, bias, stride, stride, padding, padding);
            case "conv_transpose2d" -> {
                int outputPadding = args.path("output_padding").asInt(0);
                yield new ConvTranspose2d(weight, bias, stride, stride, padding, padding, outputPadding, outputPadding);
            }
            default -> throw new IllegalArgumentException("unknown op " + c.get("op"));
        };
        Tensor x = PytorchFixtures.tensor(c.get("input")).requiresGrad(true);
        Tensor y = layer.forward(x);
        y.mul(PytorchFixtures.tensor(c.get("upstream"))).sum().backward();
        JsonNode e = c.get("expected");
        compare(name + " output", e.get("output"), y);
        compare(name + " grad_input", e.get("grad_input"), x.grad());
        compare(name + " grad_weight", e.get("grad_weight"), weight.grad());
        if (bias != null) {
            compare(name + " grad_bias", e.get("grad_bias"), bias.grad());
        }
    }

    private void normalisation(JsonNode c) {
        String name = c.get("name").asText();
        JsonNode passes = c.get("passes");
        int rank = PytorchFixtures.tensor(passes.get(0).get("input")).dim();
        Tensor weight = PytorchFixtures.tensor(c.get("weight"));
        float eps = (float) c.get("eps").asDouble();
        Module norm;
        if (c.get("kind").asText().equals("layer_norm")) {
            norm = new LayerNorm(weight.size(0), eps, true);
        } else {
            float momentum = (float) c.get("momentum").asDouble();
            norm = rank == 4 ? new BatchNorm2d(weight.size(0), eps, momentum, true)
                    : new BatchNorm1d(weight.size(0), eps, momentum, true);
        }
        Tensor w = norm.parameters().get(0);
        Tensor b = norm.parameters().get(1);
        try (var noGrad = GradMode.noGrad()) {
            w.assign(weight);
            b.assign(PytorchFixtures.tensor(c.get("bias")));
        }
        for (int i = 0; i < passes.size(); i++) {
            JsonNode p = passes.get(i);
            norm.zeroGrad();
            Tensor x = PytorchFixtures.tensor(p.get("input")).requiresGrad(true);
            Tensor y = norm.forward(x);
            y.mul(PytorchFixtures.tensor(p.get("upstream"))).sum().backward();
            String at = name + " pass " + i;
            JsonNode e = p.get("expected");
            compare(at + " output", e.get("output"), y);
            compare(at + " grad_input", e.get("grad_input"), x.grad());
            compare(at + " grad_weight", e.get("grad_weight"), w.grad());
            compare(at + " grad_bias", e.get("grad_bias"), b.grad());
        }
        JsonNode e = c.get("expected");
        if (e != null && !e.isNull()) {
            BatchNorm bn = (BatchNorm) norm;
            compare(name + " running_mean", e.get("running_mean"), bn.runningMean());
            compare(name + " running_var", e.get("running_var"), bn.runningVar());
            norm.eval();
            try (var noGrad = GradMode.noGrad()) {
                compare(name + " eval_output", e.get("eval_output"), norm.forward(PytorchFixtures.tensor(e.get("eval_input"))));
            }
        }
    }

    private void r1(JsonNode c) {
        String name = c.get("name").asText();
        Sequential d = network(c.get("network"));
        Tensor x = PytorchFixtures.tensor(c.get("input")).requiresGrad(true);
        Tensor out = d.forward(x);
        Tensor gradInput = Autograd.grad(out.sum(), List.of(x), true).get(0);
        Tensor penalty = penalty(gradInput);
        JsonNode e = c.get("expected");
        compare(name + " output", e.get("output"), out);
        compare(name + " grad_input", e.get("grad_input"), gradInput);
        near(name + " penalty", e.get("penalty").asDouble(), penalty.item());
        List<Tensor> params = d.parameters();
        List<Tensor> grads = Autograd.grad(List.of(penalty), params, null, false, true);
        assertEquals(e.get("penalty_grads").size(), grads.size(), name + ": number of penalty gradients");
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = grads.get(i) == null ? Tensor.zerosLike(params.get(i)) : grads.get(i);
            compare(name + " penalty_grad " + i, e.get("penalty_grads").get(i), g);
        }
    }

    /** Mean over the batch of ‖∇ₓD(x)‖², summed over every element of a sample. */
    private static Tensor penalty(Tensor gradInput) {
        Tensor squared = gradInput.mul(gradInput);
        return squared.reshape(squared.size(0), -1).sum(1, false).mean();
    }

    /** The fixtures' DCGAN step: D on real and on detached G(z_d) (+ R1/2 at real), D's Adam; then G's. */
    private void gan(JsonNode c) {
        String name = c.get("name").asText();
        Sequential d = network(c.get("discriminator"));
        Sequential g = network(c.get("generator"));
        JsonNode spec = c.get("optimizer");
        Optimizer optD = PytorchParitySuite.optimizer(spec, spec.get("name").asText(), d.parameters());
        Optimizer optG = PytorchParitySuite.optimizer(spec, spec.get("name").asText(), g.parameters());
        double r1 = c.get("r1").isNull() ? 0 : c.get("r1").asDouble();
        BceWithLogitsLoss bce = new BceWithLogitsLoss();
        JsonNode first = c.get("expected").get("first");
        JsonNode steps = c.get("steps");
        for (int step = 0; step < steps.size(); step++) {
            JsonNode s = steps.get(step);
            optD.zeroGrad();
            Tensor real = PytorchFixtures.tensor(s.get("real")).requiresGrad(r1 > 0);
            Tensor dReal = d.forward(real);
            Tensor fake = g.forward(PytorchFixtures.tensor(s.get("z_d"))).detach();
            Tensor dLoss = bce.apply(dReal, 1f).add(bce.apply(d.forward(fake), 0f));
            if (r1 > 0) {
                Tensor gradReal = Autograd.grad(dReal.sum(), List.of(real), true).get(0);
                dLoss = dLoss.add(penalty(gradReal).mul((float) (r1 / 2)));
            }
            dLoss.backward();
            optD.step();

            optG.zeroGrad();
            Tensor gLoss = bce.apply(d.forward(g.forward(PytorchFixtures.tensor(s.get("z_g")))), 1f);
            gLoss.backward();
            optG.step();
            if (step == 0) {
                near(name + " first d_loss", first.get("d_loss").asDouble(), dLoss.item());
                near(name + " first g_loss", first.get("g_loss").asDouble(), gLoss.item());
            }
        }
        compareNetwork(name + " final D", c.get("expected").get("final_discriminator"), d);
        compareNetwork(name + " final G", c.get("expected").get("final_generator"), g);
    }

    /** Parameters (each layer's weight, then bias) and then buffers (running mean, running variance), in layer order. */
    private void compareNetwork(String what, JsonNode layers, Module net) {
        List<JsonNode> parameters = new ArrayList<>();
        List<JsonNode> buffers = new ArrayList<>();
        for (JsonNode layer : layers) {
            for (String key : List.of("weight", "bias")) {
                if (layer.hasNonNull(key)) {
                    parameters.add(layer.get(key));
                }
            }
            for (String key : List.of("running_mean", "running_var")) {
                if (layer.hasNonNull(key)) {
                    buffers.add(layer.get(key));
                }
            }
        }
        List<Tensor> params = net.parameters();
        List<Tensor> buffs = new ArrayList<>(net.namedBuffers().values());
        assertEquals(parameters.size(), params.size(), what + ": number of parameters");
        assertEquals(buffers.size(), buffs.size(), what + ": number of buffers");
        for (int i = 0; i < params.size(); i++) {
            compare(what + " parameter " + i, parameters.get(i), params.get(i));
        }
        for (int i = 0; i < buffs.size(); i++) {
            compare(what + " buffer " + i, buffers.get(i), buffs.get(i));
        }
    }

    /**
     * A fixture network: conv2d, conv_transpose2d, linear, batch_norm (1-d after a linear layer, 2-d
     * after a convolution), layer_norm, act, flatten, reshape.
     */
    static Sequential network(JsonNode layers) {
        List<Module> modules = new ArrayList<>();
        boolean afterConvolution = false;
        for (JsonNode l : layers) {
            String type = l.get("type").asText();
            Tensor weight = l.hasNonNull("weight") ? PytorchFixtures.tensor(l.get("weight")) : null;
            Tensor bias = l.hasNonNull("bias") ? PytorchFixtures.tensor(l.get("bias")) : null;
            switch (type) {
                case "conv2d" -> {
                    int s = l.get("stride").asInt();
                    int p = l.get("padding").asInt();
                    modules.add(new Conv2d(weight, bias, s, s, p, p));
                    afterConvolution = true;
                }
                case "conv_transpose2d" -> {
                    int s = l.get("stride").asInt();
                    int p = l.get("padding").asInt();
                    int op = l.path("output_padding").asInt(0);
                    modules.add(new ConvTranspose2d(weight, bias, s, s, p, p, op, op));
                    afterConvolution = true;
                }
                case "linear" -> {
                    modules.add(new Linear(weight, bias));
                    afterConvolution = false;
                }
                case "batch_norm" -> {
                    int channels = l.get("c").asInt();
                    BatchNorm bn = afterConvolution ? new BatchNorm2d(channels) : new BatchNorm1d(channels);
                    try (var noGrad = GradMode.noGrad()) {
                        bn.weight().assign(weight);
                        bn.bias().assign(bias);
                        bn.runningMean().assign(PytorchFixtures.tensor(l.get("running_mean")));
                        bn.runningVar().assign(PytorchFixtures.tensor(l.get("running_var")));
                    }
                    modules.add(bn);
                }
                case "layer_norm" -> {
                    LayerNorm ln = new LayerNorm(l.get("c").asInt());
                    try (var noGrad = GradMode.noGrad()) {
                        ln.weight().assign(weight);
                        ln.bias().assign(bias);
                    }
                    modules.add(ln);
                }
                case "act" -> modules.add(PytorchFixtures.activation(l.get("fn").asText(),
                        (float) PytorchFixtures.FIXTURE_LEAKY_SLOPE));
                case "flatten" -> {
                    modules.add(new Flatten());
                    afterConvolution = false;
                }
                case "reshape" -> {
                    int[] shape = new int[l.get("shape").size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = l.get("shape").get(i).asInt();
                    }
                    modules.add(new Unflatten(shape));
                    afterConvolution = shape.length == 3;
                }
                default -> throw new IllegalArgumentException("image fixture layer '" + type + "' is not supported");
            }
        }
        return new Sequential(modules.toArray(Module[]::new));
    }

    private void compare(String what, JsonNode expected, Tensor actual) {
        double[] e = PytorchFixtures.doubles(expected);
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what + ": size");
        for (int j = 0; j < a.length; j++) {
            near(what + " element " + j, e[j], a[j]);
        }
    }

    private void near(String what, double expected, double actual) {
        double tolerance = PytorchParitySuite.ABSOLUTE + PytorchParitySuite.RELATIVE * Math.abs(expected);
        double ratio = Math.abs(actual - expected) / tolerance;
        if (!(ratio <= 1)) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
        if (ratio > worst) {
            worst = ratio;
            worstAt = what;
        }
    }
}
