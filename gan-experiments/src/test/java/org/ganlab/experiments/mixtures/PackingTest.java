package org.ganlab.experiments.mixtures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.config.OptimizerKind;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Order;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.config.TrickSpec;
import org.ganlab.experiments.losses.DOutput;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.GanSpec;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.testing.Outputs;
import org.ganlab.experiments.tricks.Tricks;
import org.ganlab.experiments.wiring.Gan;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PacGAN's packing: shapes, D's width, runs with it, and what is refused. */
class PackingTest {

    static final Gan GAN = new Gan();

    @TempDir
    Path out;

    private static Trick packing(int m) {
        return GAN.get(Tricks.class).create(List.of(TrickSpec.parse("packing:m=" + m))).get(0);
    }

    @Test
    void consecutiveSamplesArePackedSideBySide() {
        try (var scope = Backends.use(Backends.get("cpu"))) {
            Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 2);
            Tensor packed = packing(3).discriminatorInput(x, Trick.Input.REAL, 0);
            assertArrayEquals(new int[] {2, 6}, packed.shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, packed.toFloatArray());
        }
        OptimizerSpec sgd = OptimizerSpec.of(OptimizerKind.SGD, 0.1);
        GanSpec ring = new GanSpec(DOutput.LOGIT, DiscriminatorUpdate.JOINT, true);
        assertEquals(4, StepPlan.of(ring, GanLosses.get("bce"), "bce", Order.ALTERNATING, 1, sgd, sgd, List.of(packing(4)))
                .packing());
    }

    @Test
    void ringTrainsWithPackedInputsAloneAndWithAPenaltyOnThem() throws IOException {
        for (String[] tricks : new String[][] {{"packing:m=4"}, {"packing:m=2", "r1:gamma=1"}}) {
            RunConfig.Builder b = GAN.get(Experiments.class).get("ring").defaults().toBuilder().seed(1).steps(30)
                    .option("hidden", "16");
            b.tricks(java.util.Arrays.stream(tricks).map(TrickSpec::parse).toList());
            b.snapshotEvery = 15;
            RunRecord r = GAN.run(b.build(), Outputs.quiet(out));
            assertEquals(RunRecord.Status.COMPLETED, r.status(), String.join(" ", tricks));
            assertTrue(r.results().containsKey("modes_covered"));
        }
    }

    @Test
    void packingIsRefusedWhereDIsNotBuiltForItOrTheBatchDoesNotDivide() {
        GanCliTest.Result single = GanCliTest.gan("run", "single-point", "--trick", "packing");
        assertEquals(2, single.exit());
        assertEquals("gan run single-point: --trick packing: single-point builds D for one sample per input; packing "
                + "needs an experiment that sizes D's input for it, such as ring or grid", single.err().strip());
        GanCliTest.Result batch = GanCliTest.gan("run", "ring", "--trick", "packing:m=3");
        assertEquals(2, batch.exit());
        assertEquals("gan run ring: --batch 256 must be a multiple of packing's m = 3", batch.err().strip());
    }
}
