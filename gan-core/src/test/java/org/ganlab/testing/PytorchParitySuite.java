package org.ganlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ganlab.loss.Loss;
import org.ganlab.loss.Losses;
import org.ganlab.nn.Module;
import org.ganlab.optim.Adam;
import org.ganlab.optim.AdamW;
import org.ganlab.optim.Optimizer;
import org.ganlab.optim.Sgd;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Rebuilds every case of the PyTorch reference fixtures, runs its steps, and compares the first
 * step's losses and gradients and the final parameters. PyTorch computed in float64, we in float32:
 * an element passes when {@code |actual - expected| <= }{@value #ABSOLUTE}{@code  + }{@value #RELATIVE}
 * {@code ·|expected|}.
 */
public abstract class PytorchParitySuite extends BackendTestBase {

    static final double ABSOLUTE = 2e-6;
    static final double RELATIVE = 2e-5;

    @TestFactory
    Stream<DynamicTest> pytorchReferenceCases() {
        return PytorchFixtures.cases().stream().map(c -> DynamicTest.dynamicTest(
                c.get("name").asText() + " (" + c.get("kind").asText() + ")", () -> {
                    switch (c.get("kind").asText()) {
                        case "supervised" -> supervised(c);
                        case "gan" -> gan(c);
                        default -> fail("unknown fixture kind " + c.get("kind"));
                    }
                }));
    }

    private void supervised(JsonNode c) {
        String name = c.get("name").asText();
        Module net = PytorchFixtures.network(c.get("layers"));
        Loss loss = Losses.byName(c.get("loss").asText());
        Optimizer optimizer = optimizer(c.get("optimizer"), c.get("optimizer").get("name").asText(), net.parameters());
        Tensor weight = c.hasNonNull("loss_weight") ? PytorchFixtures.tensor(c.get("loss_weight")) : null;
        JsonNode inputs = c.get("inputs");
        JsonNode targets = c.get("targets");
        JsonNode expected = c.get("expected");
        for (int step = 0; step < inputs.size(); step++) {
            optimizer.zeroGrad();
            Tensor value = loss.apply(net.forward(PytorchFixtures.tensor(inputs.get(step))),
                    PytorchFixtures.tensor(targets.get(step)), weight);
            value.backward();
            if (step == 0) {
                near(name + " first loss", expected.get("first_loss").asDouble(), value.item());
                compare(name + " first gradient", expected.get("first_grads"), grads(net));
            }
            optimizer.step();
        }
        compare(name + " final parameter", PytorchFixtures.parameters(expected.get("final_layers")), net.parameters());
    }

    /** The fixtures' GAN step: D on real (1), D step; D on detached G(z_d) (0), D step; G through D, G step. */
    private void gan(JsonNode c) {
        String name = c.get("name").asText();
        Module d = PytorchFixtures.network(c.get("discriminator"));
        Module g = PytorchFixtures.network(c.get("generator"));
        Loss loss = Losses.byName(c.get("loss").asText());
        JsonNode opt = c.get("optimizer");
        Optimizer optD = optimizer(opt, opt.get("d").asText(), d.parameters());
        Optimizer optG = optimizer(opt, opt.get("g").asText(), g.parameters());
        String generatorLoss = c.get("generator_loss").asText();
        JsonNode first = c.get("expected").get("first");
        JsonNode steps = c.get("steps");
        for (int step = 0; step < steps.size(); step++) {
            JsonNode s = steps.get(step);
            optD.zeroGrad();
            Tensor dReal = loss.apply(d.forward(PytorchFixtures.tensor(s.get("real"))), 1f);
            dReal.backward();
            optD.step();

            optD.zeroGrad();
            Tensor fake = g.forward(PytorchFixtures.tensor(s.get("z_d"))).detach();
            Tensor dFake = loss.apply(d.forward(fake), 0f);
            dFake.backward();
            optD.step();

            optG.zeroGrad();
            Tensor judged = d.forward(g.forward(PytorchFixtures.tensor(s.get("z_g"))));
            Tensor gLoss = switch (generatorLoss) {
                case "target_one" -> loss.apply(judged, 1f);
                case "minimax" -> loss.apply(judged, 0f).neg();
                default -> throw new IllegalArgumentException("unknown generator_loss " + generatorLoss);
            };
            gLoss.backward();
            optG.step();
            if (step == 0) {
                near(name + " first d_loss_real", first.get("d_loss_real").asDouble(), dReal.item());
                near(name + " first d_loss_fake", first.get("d_loss_fake").asDouble(), dFake.item());
                near(name + " first g_loss", first.get("g_loss").asDouble(), gLoss.item());
                compare(name + " first G gradient", first.get("g_grads"), grads(g));
            }
        }
        compare(name + " final D parameter", PytorchFixtures.parameters(c.get("expected").get("final_discriminator")),
                d.parameters());
        compare(name + " final G parameter", PytorchFixtures.parameters(c.get("expected").get("final_generator")),
                g.parameters());
    }

    static Optimizer optimizer(JsonNode spec, String kind, List<Tensor> params) {
        double lr = spec.get("lr").asDouble();
        double wd = spec.path("weight_decay").asDouble(0);
        double b1 = spec.has("betas") ? spec.get("betas").get(0).asDouble() : 0.9;
        double b2 = spec.has("betas") ? spec.get("betas").get(1).asDouble() : 0.999;
        double eps = spec.path("eps").asDouble(1e-8);
        return switch (kind) {
            case "sgd", "sgd_momentum" -> new Sgd(params, lr, spec.path("momentum").asDouble(0), wd);
            case "adam" -> new Adam(params, lr, b1, b2, eps, wd);
            case "adamw" -> new AdamW(params, lr, b1, b2, eps, wd);
            default -> throw new IllegalArgumentException("fixture optimizer '" + kind + "' is not supported");
        };
    }

    private static List<Tensor> grads(Module m) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            out.add(p.grad() == null ? Tensor.zerosLike(p) : p.grad());
        }
        return out;
    }

    private static void compare(String what, JsonNode expectedList, List<Tensor> actual) {
        List<double[]> expected = new ArrayList<>();
        expectedList.forEach(e -> expected.add(PytorchFixtures.doubles(e)));
        compare(what, expected, actual);
    }

    private static void compare(String what, List<double[]> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size(), what + ": number of tensors");
        for (int i = 0; i < expected.size(); i++) {
            float[] a = actual.get(i).toFloatArray();
            assertEquals(expected.get(i).length, a.length, what + " " + i + ": size");
            for (int j = 0; j < a.length; j++) {
                near(what + " " + i + " element " + j, expected.get(i)[j], a[j]);
            }
        }
    }

    private static void near(String what, double expected, double actual) {
        if (!(Math.abs(actual - expected) <= ABSOLUTE + RELATIVE * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }
}
