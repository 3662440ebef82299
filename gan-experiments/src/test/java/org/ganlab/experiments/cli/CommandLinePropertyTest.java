package org.ganlab.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, systematically: thousands of generated command lines (valid, boundary and garbage
 * values for every command, flag, trick option and grid) must end with exit 0 or 2, never a stack
 * trace or another code, and never write outside their {@code --out}. The generator is seeded, so
 * a failure names its case and reproduces.
 */
class CommandLinePropertyTest {

    static final int CASES = 2000;
    static final long SEED = 20261123;

    static final String[] COMMANDS = {"run", "run", "run", "run", "sweep", "sweep", "resume", "sweep-report", "mlflow-sync",
        "dirac-theory", "list", "frobnicate", "--help", "", "run --help"};
    static final String[] EXPERIMENTS = {"nodes", "pattern-1010", "discriminator-1010", "single-point", "dirac", "ring", "grid",
        "toy-1d", "", "RING", "ring ", "../etc", "dcgan"};
    static final String[] FLAGS = {"--seed", "--steps", "--batch", "--lr", "--lr-d", "--lr-g", "--optimizer", "--beta1",
        "--beta2", "--loss", "--order", "--d-steps", "--backend", "--trick", "--snapshot-every", "--quiet",
        "--mlflow", "--mlflow-experiment", "--checkpoint-every", "--latent", "--hidden", "--modes", "--radius", "--std",
        "--side", "--seeds", "--grid", "--threads", "--success", "--shard", "--help", "--version", "-h", "--", "-x",
        "--steps=", "--nope"};
    static final String[] NUMBERS = {"0", "1", "2", "3", "-1", "-0", "1.5", "0.5", "1e-4", "1e309", "-1e309", "NaN",
        "Infinity", "-Infinity", "2147483647", "2147483648", "-2147483648", "9223372036854775808", "0x10", "1_000", "",
        " ", "one", "1/2", "٣", "1,5", "+2"};
    static final String[] NAMES = {"adam", "sgd", "adamw", "rmsprop", "bce", "mse", "hinge", "wasserstein", "minimax",
        "non-saturating", "alternating", "simultaneous", "cpu", "reference", "cuda", "tpu", "", "ADAM", "é", "\u0000x"};
    static final String[] TRICKS = {"none", "ema", "ema:beta=0.5", "ema:beta=1", "ema:beta=-1", "r1", "r1:gamma=0",
        "r1:gamma=-3", "r2:gamma=NaN", "gradient-penalty", "gradient-penalty:lambda=1,target=0", "spectral-norm",
        "spectral-norm:iterations=0", "instance-noise:sigma=0.1,anneal=5", "instance-noise:anneal=-1", "packing:m=2",
        "packing:m=0", "packing:m=1000000", "weight-noise:sigma=1,inner=2", "weight-noise:inner=0", "weight-noise:inner=100000", "label-smoothing:eps=1",
        "label-smoothing:one-sided=maybe", "weight-clipping:c=0", "weight-decay:mode=l3", "consensus", "example-weighting",
        "ema:", ":", "ema:beta", "ema:beta=0.5:x", "ema+r1", "nope", "r1,r2"};
    static final String[] GRIDS = {"lr=0.01,0.02", "seed=1,2", "trick=none,ema", "steps=1,2", "batch=1", "loss=bce,hinge",
        "lr=", "=1", "nope=1", "trick=", "trick=none,nope", "hidden=4,8", "lr=0.01,0.01"};

    @TempDir
    Path tmp;

    private static String pick(SplittableRandom r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    /** A value for a flag: mostly one that fits it, sometimes a boundary or garbage one. */
    private static String value(SplittableRandom r, String flag) {
        if (r.nextInt(4) == 0) {
            return r.nextBoolean() ? pick(r, NUMBERS) : pick(r, NAMES);
        }
        return switch (flag) {
            case "--steps", "--seeds", "--batch", "--snapshot-every", "--checkpoint-every", "--d-steps", "--threads" ->
                Integer.toString(1 + r.nextInt(3)); // runs stay short
            case "--optimizer", "--loss", "--order", "--backend" -> pick(r, NAMES);
            case "--trick" -> pick(r, TRICKS);
            case "--grid" -> pick(r, GRIDS);
            case "--mlflow" -> r.nextBoolean() ? "file:///tmp/mlruns" : "ftp://x"; // no server is reachable from tests
            case "--shard" -> r.nextInt(3) + "/" + r.nextInt(3);
            case "--success" -> r.nextBoolean() ? "tolerance=0.5" : "x=1";
            default -> pick(r, NUMBERS);
        };
    }

    private List<String> generate(SplittableRandom r, int n, Path out) throws IOException {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>();
        for (String word : pick(r, COMMANDS).split(" ")) {
            if (!word.isEmpty()) {
                args.add(word);
            }
        }
        String command = args.isEmpty() ? "" : args.get(0);
        if (command.equals("run") || command.equals("sweep")) {
            args.add(pick(r, EXPERIMENTS));
        } else if (command.equals("resume") || command.equals("sweep-report") || command.equals("mlflow-sync")) {
            int which = r.nextInt(5);
            if (which < 4) { // else no folder at all
                args.add(which == 0 ? out.resolve("missing").toString()
                        : which == 1 ? Files.writeString(out.resolve("a-file"), "x").toString()
                        : which == 2 ? out.toString() : "");
            }
        }
        int flags = r.nextInt(6);
        boolean steps = false;
        for (int i = 0; i < flags; i++) {
            String flag = pick(r, FLAGS);
            steps |= flag.equals("--steps");
            if (flag.endsWith("=") || flag.equals("--quiet") || flag.startsWith("--help") || flag.equals("-h")
                    || flag.equals("--version") || flag.equals("--") || r.nextInt(20) == 0) {
                args.add(flag); // a flag alone, or one that takes no value
            } else if (r.nextInt(8) == 0) {
                args.add(flag + "=" + value(r, flag));
            } else {
                args.add(flag);
                args.add(value(r, flag));
            }
        }
        if (!steps && (command.equals("run") || command.equals("sweep"))) {
            args.addAll(List.of("--steps", Integer.toString(1 + r.nextInt(3)))); // keep valid runs short
        }
        if (command.equals("sweep") && !args.contains("--seeds")) {
            args.addAll(List.of("--seeds", "1"));
        }
        boolean onAFile = r.nextInt(30) == 0;
        if (onAFile) {
            Files.writeString(out.resolve("a-file"), "x");
        }
        args.addAll(List.of("--out", onAFile ? out.resolve("a-file").toString() : out.toString(), "--quiet"));
        return args;
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void generatedCommandLinesEndWithZeroOrTwoAndWriteOnlyUnderOut() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Set<String> before = listing(cwd);
        SplittableRandom r = new SplittableRandom(SEED);
        int[] exits = new int[3];
        long digest = 0;
        for (int n = 0; n < CASES; n++) {
            Path out = tmp.resolve("case-" + n);
            List<String> args = generate(r, n, out);
            String shown = "case " + n + ": gan " + String.join(" ", args);
            digest = digest * 31 + shown.hashCode();
            GanCliTest.Result result;
            try {
                result = GanCliTest.gan(args.toArray(String[]::new));
            } catch (RuntimeException | Error e) {
                throw new AssertionError(shown + " threw " + e, e);
            }
            assertTrue(result.exit() == 0 || result.exit() == 2, shown + " exited " + result.exit() + ": " + result.err());
            assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), shown + ": " + result.err());
            if (result.exit() == 2) {
                assertFalse(result.err().isBlank(), shown + ": exit 2 says why");
            }
            exits[result.exit() == 0 ? 0 : 2]++;
        }
        assertEquals(before, listing(cwd), "nothing written outside --out");
        // Both kinds of case are exercised in earnest, not only refusals.
        assertTrue(exits[0] > CASES / 20 && exits[2] > CASES / 4, "exit 0: " + exits[0] + ", exit 2: " + exits[2]);
        System.out.printf("command-line property test: %d cases, %d exit 0, %d exit 2 (cases digest %x)%n", CASES, exits[0],
                exits[2], digest);
    }

    /**
     * Sizes that cannot run and settings that contradict each other are refused when the run is
     * planned: exit 2, one line naming what to change, nothing written under --out; an experiment's own
     * defaults for another optimiser are not refused.
     */
    @Test
    void impossibleSizesAndConflictsAreRefusedBeforeAnythingIsWritten() throws IOException {
        List<List<String>> refused = List.of(
                List.of("run", "ring", "--batch", "2000000000"),
                List.of("run", "single-point", "--batch", "2000000000"),
                List.of("run", "ring", "--hidden", "100000"),
                List.of("run", "ring", "--hidden", "46340"),
                List.of("run", "grid", "--side", "100000"),
                List.of("run", "ring", "--modes", "100000000"),
                List.of("run", "ring", "--trick", "weight-noise:inner=100000"),
                List.of("run", "ring", "--optimizer", "rmsprop", "--beta1", "0.9"),
                List.of("sweep", "single-point", "--seeds", "1", "--grid", "lr=0.01,0.05", "--lr", "0.05"),
                List.of("sweep", "single-point", "--seeds", "1", "--grid", "lr=0.01,0.05", "--lr-g", "0.05"));
        for (List<String> line : refused) {
            Path out = Files.createDirectories(tmp.resolve("refused-" + refused.indexOf(line)));
            List<String> args = new ArrayList<>(line);
            args.addAll(List.of("--steps", "1", "--out", out.toString()));
            GanCliTest.Result r = GanCliTest.gan(args.toArray(String[]::new));
            assertEquals(2, r.exit(), line + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), line + ": one line, " + r.err());
            assertEquals(Set.of(), listing(out), line + ": nothing written");
        }
        GanCliTest.Result blank = GanCliTest.gan("run", "nodes", "--out", "", "--steps", "1");
        assertEquals("gan run nodes: --out must be a folder, got ''", blank.err().strip());
        for (List<String> line : List.of(List.of("run", "ring", "--optimizer", "sgd"), List.of("run", "ring", "--optimizer",
                "rmsprop"), List.of("sweep", "ring", "--seeds", "1", "--grid", "optimizer=adam,sgd,rmsprop"))) {
            List<String> args = new ArrayList<>(line);
            args.addAll(List.of("--steps", "1", "--quiet", "--out", tmp.resolve("ok").toString()));
            GanCliTest.Result r = GanCliTest.gan(args.toArray(String[]::new));
            assertEquals(0, r.exit(), line + ": the experiment's Adam betas fall away: " + r.err());
        }
    }
}
