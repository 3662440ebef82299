package org.ganlab.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.io.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captured steps change no bit: every seed experiment with a GAN step (nodes and discriminator-1010
 * have none, and refuse {@code --capture}), the Dirac-GAN and the mixtures with each kind
 * of trick, both orders and several D steps, run with {@code --capture on} and {@code --capture off},
 * write the same metrics.csv and summary.json, and a checkpoint at the last step with the same
 * parameters, running statistics, optimiser state, trick state and random streams. Each captured
 * run says in status.json that it replayed its steps, or why they stayed eager.
 */
class CapturedRunsTest {

    /** A name, whether its steps should be replayed, and the command line (without --out and --capture). */
    private record Case(String name, boolean replayed, String... args) {
    }

    private static final List<Case> CASES = List.of(
            new Case("pattern-1010", true, "run", "pattern-1010", "--steps", "400"),
            new Case("single-point", true, "run", "single-point", "--steps", "300"),
            new Case("single-point, the article's four tricks", true, "run", "single-point", "--steps", "200",
                    "--trick", "label-smoothing", "--trick", "example-weighting", "--trick", "weight-decay",
                    "--trick", "weight-noise:sigma=1.5,inner=3"),
            new Case("single-point, r1 and ema with adamw", true, "run", "single-point", "--steps", "200", "--trick",
                    "r1:gamma=1", "--trick", "ema:beta=0.99", "--optimizer", "adamw"),
            new Case("single-point, rmsprop", true, "run", "single-point", "--steps", "200", "--optimizer", "rmsprop"),
            new Case("dirac", true, "run", "dirac", "--steps", "200"),
            new Case("dirac, simultaneous consensus", true, "run", "dirac", "--steps", "200", "--order", "simultaneous",
                    "--trick", "consensus:gamma=1"),
            new Case("dirac, simultaneous r1", true, "run", "dirac", "--steps", "200", "--order", "simultaneous", "--trick",
                    "r1:gamma=1"),
            new Case("dirac, wgan with clipping and rmsprop", true, "run", "dirac", "--steps", "200", "--optimizer",
                    "rmsprop", "--loss", "wasserstein", "--trick", "weight-clipping:c=0.5"),
            new Case("dirac, smoothing with 2 D steps", true, "run", "dirac", "--steps", "200", "--trick",
                    "label-smoothing", "--trick", "example-weighting", "--d-steps", "2"),
            new Case("dirac, instance and weight noise", true, "run", "dirac", "--steps", "200", "--batch", "16",
                    "--trick", "instance-noise:sigma=1", "--trick", "weight-noise"),
            new Case("ring, r1 and ema", true, "run", "ring", "--steps", "120", "--hidden", "32", "--batch", "64",
                    "--trick", "r1", "--trick", "ema"),
            new Case("ring, packing", true, "run", "ring", "--steps", "120", "--hidden", "32", "--batch", "64",
                    "--trick", "packing"),
            new Case("ring, hinge and spectral norm", true, "run", "ring", "--steps", "120", "--hidden", "32", "--batch",
                    "64", "--loss", "hinge", "--trick", "spectral-norm"),
            new Case("ring, wgan-gp with 5 D steps", true, "run", "ring", "--steps", "60", "--hidden", "32", "--batch",
                    "64", "--loss", "wasserstein", "--trick", "gradient-penalty", "--d-steps", "5"),
            new Case("ring, annealed instance noise (stays eager)", false, "run", "ring", "--steps", "60", "--hidden",
                    "32", "--batch", "64", "--trick", "instance-noise:sigma=0.1,anneal=1000"),
            new Case("grid, r2", true, "run", "grid", "--steps", "80", "--hidden", "32", "--batch", "64", "--trick",
                    "r2"),
            new Case("ring, unrolled (stays eager)", false, "run", "ring", "--steps", "40", "--hidden", "16", "--batch",
                    "32", "--trick", "unrolled:k=2", "--trick", "ema"),
            new Case("ring, unrolled with k=0 (replays)", true, "run", "ring", "--steps", "60", "--hidden", "32",
                    "--batch", "64", "--trick", "unrolled:k=0"));

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> capturedAndEagerRunsWriteTheSameBits() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> compare(c)));
    }

    private void compare(Case c) throws Exception {
        Path eager = run(c, "off");
        Path captured = run(c, "on");
        for (String file : List.of("metrics.csv", "summary.json")) {
            assertEquals(Files.readString(eager.resolve(file)), Files.readString(captured.resolve(file)),
                    c.name() + ": " + file);
        }
        Path checkpoint = eager.resolve(Checkpoints.FILE);
        if (Files.exists(checkpoint)) {
            assertEquals(state(checkpoint), state(captured.resolve(Checkpoints.FILE)), c.name() + ": checkpoint");
        }
        JsonNode status = Json.MAPPER.readTree(captured.resolve("status.json").toFile());
        String how = status.path("step_capture").asText("");
        assertEquals(c.replayed(), how.startsWith("replayed"), c.name() + ": " + how);
        assertTrue(how.startsWith("replayed") || how.startsWith("eager: "), how);
        String off = Json.MAPPER.readTree(eager.resolve("status.json").toFile()).path("step_capture").asText("");
        assertTrue(off.isEmpty() || off.startsWith("off"), off);
    }

    @org.junit.jupiter.api.Test
    void experimentsWithoutAGanStepRefuseTheFlag() {
        for (String e : List.of("nodes", "discriminator-1010")) {
            GanCliTest.Result r = GanCliTest.gan("run", e, "--capture", "off", "--quiet", "--out", tmp.toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("--capture does not apply to " + e), r.err());
        }
        GanCliTest.Result bad = GanCliTest.gan("run", "dirac", "--capture", "maybe", "--quiet", "--out", tmp.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--capture") && bad.err().contains("on or off"), bad.err());
    }

    private Path run(Case c, String capture) throws Exception {
        Path out = tmp.resolve(c.name().replaceAll("[^a-z0-9]+", "-") + "-" + capture);
        List<String> args = new ArrayList<>(List.of(c.args()));
        String steps = args.get(args.indexOf("--steps") + 1);
        args.addAll(List.of("--quiet", "--out", out.toString(), "--capture", capture, "--checkpoint-every", steps));
        GanCliTest.Result r = GanCliTest.gan(args.toArray(String[]::new));
        assertEquals(0, r.exit(), c.name() + ": " + r.err());
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.findFirst().orElseThrow();
        }
    }

    /** A checkpoint's state: everything but the wall time. */
    private static JsonNode state(Path checkpoint) throws Exception {
        ObjectNode c = (ObjectNode) Json.MAPPER.readTree(checkpoint.toFile());
        c.remove("seconds");
        return c;
    }
}
