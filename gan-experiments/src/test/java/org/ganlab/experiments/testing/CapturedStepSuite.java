package org.ganlab.experiments.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.experiments.step.StepLosses;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.optim.Optimizer;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.ganlab.testing.BackendTestBase;
import org.ganlab.testing.Bits;
import org.ganlab.testing.PytorchFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every stabiliser case of the PyTorch GAN-step fixtures (each trick, both orders, several D steps,
 * SGD, Adam and RMSprop) trained for many steps twice from the same start, eagerly and captured:
 * each step's losses, and at the end every parameter, running statistic, optimiser state and
 * counter, and trick state, must be the same bits. The captured step must really replay. Random
 * numbers come from seeded generators here (the fixtures' recorded draws change every step, which
 * keeps a step eager). Each backend runs this suite.
 */
public abstract class CapturedStepSuite extends BackendTestBase {

    static final int STEPS = 40;

    /** Whether the backend replays captured steps as kernel graphs. */
    protected boolean graphs() {
        return false;
    }

    @TestFactory
    Stream<DynamicTest> eachStabiliserCaseCapturedIsTheEagerStepBitForBit() {
        return GanStepFixtures.cases().stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> compare(c)));
    }

    /** One network pair with its step, trained from the case's start. */
    private record Training(Module d, Module g, List<Trick> tricks, GanStep step) {
    }

    private static Training training(JsonNode c, boolean capture) {
        Module d = PytorchFixtures.network(c.get("discriminator"));
        Module g = PytorchFixtures.network(c.get("generator"));
        List<Trick> tricks = StabiliserParitySuite.tricks(c);
        StepPlan plan = StepPlan.of(new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT),
                GanLosses.get(c.get("loss").asText()), c.get("loss").asText(), Order.parse(c.get("order").asText()),
                c.get("d_steps").asInt(), StabiliserParitySuite.optimizer(c.get("d_optimizer")),
                StabiliserParitySuite.optimizer(c.get("g_optimizer")), tricks);
        return new Training(d, g, tricks, new GanStep(d, g, plan, tricks, Draws.of(new Rng(5)), capture));
    }

    private void compare(JsonNode c) {
        String name = c.get("name").asText();
        Training eager = training(c, false);
        Training captured = training(c, true);
        JsonNode first = c.get("steps").get(0).get("d").get(0);
        int[] realShape = PytorchFixtures.tensor(first.get("real")).shape();
        int[] zShape = PytorchFixtures.tensor(first.get("z")).shape();
        Rng eagerData = new Rng(11);
        Rng capturedData = new Rng(11);
        for (int s = 0; s < STEPS; s++) {
            StepLosses a = step(eager, eagerData, realShape, zShape);
            StepLosses b = step(captured, capturedData, realShape, zShape);
            assertEquals(bits(a), bits(b), name + " step " + (s + 1) + " losses");
        }
        assertNull(captured.step().capture().eagerBecause(), name);
        assertTrue(captured.step().capture().replays() >= STEPS - 3, name + ": " + captured.step().capture());
        assertEquals(graphs(), captured.step().capture().graphsPerStep() > 0, name + " replayed as kernel graphs");
        Bits.assertSame(name + " D", eager.d().namedState().values(), captured.d().namedState().values());
        Bits.assertSame(name + " G", eager.g().namedState().values(), captured.g().namedState().values());
        for (boolean isD : new boolean[] {true, false}) {
            Optimizer x = isD ? eager.step().discriminatorOptimizer() : eager.step().generatorOptimizer();
            Optimizer y = isD ? captured.step().discriminatorOptimizer() : captured.step().generatorOptimizer();
            Bits.assertSame(name + " optimiser state", x.stateTensorList(), y.stateTensorList());
            assertEquals(counters(x), counters(y), name + " optimiser counters");
        }
        for (int i = 0; i < eager.tricks().size(); i++) {
            Bits.assertSame(name + " " + eager.tricks().get(i).name() + " state", eager.tricks().get(i).state(),
                    captured.tricks().get(i).state());
        }
        assertEquals(eager.step().stepsDone(), captured.step().stepsDone());
        var capture = captured.step().capture();
        System.out.printf(java.util.Locale.ROOT, "captured %-28s on %-8s %4d calls a step, issued as %3d launches (%d graphs)%n",
                name, backend().name(), capture.callsPerStep(), capture.launchesPerStep(), capture.graphsPerStep());
    }

    private static StepLosses step(Training t, Rng data, int[] realShape, int[] zShape) {
        try (MemoryScope stepMemory = MemoryScope.open()) {
            List<StepBatches.DBatch> d = new ArrayList<>();
            for (int k = 0; k < t.step().plan().dSteps(); k++) {
                d.add(new StepBatches.DBatch(Tensor.normal(data, 0, 1, realShape), Tensor.normal(data, 0, 1, zShape)));
            }
            return t.step().run(new StepBatches(d, Tensor.normal(data, 0, 1, zShape)));
        }
    }

    private static List<Integer> bits(StepLosses l) {
        List<Integer> b = new ArrayList<>();
        l.metrics().values().forEach(v -> b.add(Float.floatToRawIntBits(v)));
        return b;
    }

    private static List<String> counters(Optimizer o) {
        List<String> c = new ArrayList<>();
        o.state().counters().forEach((k, v) -> c.add(k + java.util.Arrays.toString(v)));
        return c;
    }
}
