package org.ganlab.experiments.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;
import org.ganlab.testing.PytorchFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The experiments' own training step (not a re-implementation in a test), with the seed
 * experiments' separate D updates on a sigmoid D, replays the GAN cases of the PyTorch reference
 * fixtures: same first losses and same final parameters, within the parity suite's tolerance.
 */
class ReferenceGanStepParityTest {

    @TestFactory
    Stream<DynamicTest> ganStepMatchesPytorch() {
        return PytorchFixtures.cases().stream().filter(c -> c.get("kind").asText().equals("gan"))
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
    }

    private static void replay(JsonNode c) {
        Module d = PytorchFixtures.network(c.get("discriminator"));
        Module g = PytorchFixtures.network(c.get("generator"));
        String loss = switch (c.get("generator_loss").asText() + "/" + c.get("loss").asText()) {
            case "target_one/mse" -> "mse";
            case "target_one/bce" -> "non-saturating";
            case "minimax/bce" -> "minimax";
            default -> throw new IllegalArgumentException("no loss for " + c.get("name"));
        };
        JsonNode opt = c.get("optimizer");
        double lr = opt.get("lr").asDouble();
        StepPlan plan = StepPlan.of(new GanSpec(DOutput.PROBABILITY, DiscriminatorUpdate.SEPARATE), GanLosses.get(loss), loss,
                Order.ALTERNATING, 1, OptimizerSpec.of(OptimizerKind.parse(opt.get("d").asText()), lr),
                OptimizerSpec.of(OptimizerKind.parse(opt.get("g").asText()), lr), List.of());
        GanStep step = new GanStep(d, g, plan, List.of(), null);
        JsonNode steps = c.get("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            StepLosses l = step.run(new StepBatches(List.of(new StepBatches.DBatch(PytorchFixtures.tensor(s.get("real")),
                    PytorchFixtures.tensor(s.get("z_d")))), PytorchFixtures.tensor(s.get("z_g"))));
            if (i == 0) {
                JsonNode first = c.get("expected").get("first");
                near("d_loss_real", first.get("d_loss_real").asDouble(), l.d().realLoss());
                near("d_loss_fake", first.get("d_loss_fake").asDouble(), l.d().fakeLoss());
                near("g_loss", first.get("g_loss").asDouble(), l.g());
            }
        }
        compare("D", PytorchFixtures.parameters(c.get("expected").get("final_discriminator")), d.parameters());
        compare("G", PytorchFixtures.parameters(c.get("expected").get("final_generator")), g.parameters());
    }

    private static void compare(String net, List<double[]> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            float[] a = actual.get(i).toFloatArray();
            for (int j = 0; j < a.length; j++) {
                near(net + " parameter " + i + "[" + j + "]", expected.get(i)[j], a[j]);
            }
        }
    }

    private static void near(String what, double expected, double actual) {
        assertEquals(expected, actual, 2e-6 + 2e-5 * Math.abs(expected), what);
    }
}
