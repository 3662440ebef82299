package org.ganlab.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ganlab.experiments.wiring.Gan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class GanCliTest {

    static final Gan GAN = new Gan();

    @TempDir
    Path out;

    public record Result(int exit, String out, String err) {
    }

    public static Result gan(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new GanCli(GAN, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The command of a separate {@code gan} process on the test classpath, as a user's shell would
     * start it (for kill -9, small heaps, environment variables): JVM options first, then gan's arguments.
     */
    public static java.util.List<String> childGan(java.util.List<String> jvmOptions, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(java.util.List.of("-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                GanCli.class.getName()));
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** A separate gan process's exit code and its output and errors together. */
    public record Child(int exit, String output) {
    }

    /**
     * Runs a separate gan process to its end whose environment holds exactly {@code env} of MLflow's
     * variables (the others this JVM has are removed), as a user's shell would set them.
     */
    public static Child runChild(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(childGan(java.util.List.of(), args)).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MLFLOW_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Child(p.waitFor(), output);
    }

    void refused(String message, String... args) {
        Result r = gan(args);
        assertEquals(2, r.exit(), String.join(" ", args));
        assertEquals(message, r.err().strip(), "one line naming the flag and what is allowed");
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void badValuesExitWithTwoAndOneLine() {
        refused("gan run pattern-1010: --steps must be a whole number >= 1, got '-5'", "run", "pattern-1010", "--steps", "-5");
        refused("gan run single-point: --trick: unknown trick 'magic'; available: consensus, ema, example-weighting, "
                + "gradient-penalty, instance-noise, label-smoothing, packing, poison, r1, r2, spectral-norm, unrolled, weight-clipping, "
                + "weight-decay, weight-noise", "run", "single-point", "--trick", "magic");
        refused("gan run ring: --trick unrolled cannot be combined with --trick r1: it changes D's step (its inputs, loss, "
                + "forward pass or update), which the look-ahead would not repeat", "run", "ring", "--trick", "unrolled",
                "--trick", "r1");
        refused("gan run pattern-1010: --trick unrolled needs one D update on real and fake examples together; this "
                + "experiment updates D on them separately", "run", "pattern-1010", "--trick", "unrolled");
        refused("gan run single-point: --backend: unknown backend 'tpu'; backends found: cpu (priority 10), reference (priority "
                + "-100); a backend is a jar dropped into plugins/ (the CUDA backend: gan-backend-cuda's drop-in jar, see the "
                + "README)", "run", "single-point", "--backend", "tpu");
        refused("gan run single-point: --trick weight-noise: option 'sigma' is not key=value (form: NAME[:key=value,...])",
                "run", "single-point", "--trick", "weight-noise:sigma");
        refused("gan run single-point: --lr-d must be a number > 0, got '-0.1'", "run", "single-point", "--lr-d", "-0.1");
        refused("gan run single-point: --loss must be one of mse, non-saturating, bce, minimax, wasserstein, hinge, "
                + "got 'lsgan'", "run", "single-point", "--loss", "lsgan");
        refused("gan run single-point: --loss hinge needs a discriminator that outputs a logit or critic value; this "
                + "experiment's D ends in a sigmoid", "run", "single-point", "--loss", "hinge");
        refused("gan run pattern-1010: --order simultaneous needs one D update per step; this experiment updates D on "
                + "real and on fake examples separately", "run", "pattern-1010", "--order", "simultaneous");
        refused("gan run pattern-1010: --order must be one of alternating, simultaneous, got 'random'",
                "run", "pattern-1010", "--order", "random");
        refused("gan run nodes: --mlflow must not carry credentials (user:password@host): set MLFLOW_TRACKING_USERNAME "
                + "and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, instead", "run", "nodes", "--mlflow",
                "http://bob:hunter2@127.0.0.1:5000");
        refused("gan run single-point: --beta1 does not apply to --optimizer rmsprop (--beta2 is its smoothing constant "
                + "alpha)", "run", "single-point", "--optimizer", "rmsprop", "--beta1", "0.5");
        refused("gan run single-point: --beta2 must be a number in [0, 1), got '1.5'", "run", "single-point", "--beta2", "1.5");
        refused("gan run toy-1d: --trick label-smoothing needs a loss whose D fits targets (mse, bce, minimax, "
                + "non-saturating), not --loss wasserstein", "run", "toy-1d", "--loss", "wasserstein", "--trick", "label-smoothing");
        refused("gan run toy-1d: --trick consensus needs --order simultaneous: it corrects the two players' gradients "
                + "taken at the same parameters", "run", "toy-1d", "--trick", "consensus");
        refused("gan run toy-1d: --trick r1 is given twice; give each trick once, with all its options",
                "run", "toy-1d", "--trick", "r1", "--trick", "r1:gamma=1");
        refused("gan run toy-1d: --d-steps 3 needs --order alternating (simultaneous updates take one D and one G step "
                + "from the same parameters)", "run", "toy-1d", "--order", "simultaneous", "--d-steps", "3");
        refused("gan run toy-1d: --hidden must be a whole number >= 1, got '0'", "run", "toy-1d", "--hidden", "0");
        refused("gan run nodes: --trick does not apply to nodes; its flags: --seed, --steps, --lr, --out, --quiet, "
                + "--mlflow, --mlflow-experiment",
                "run", "nodes", "--trick", "weight-noise");
        refused("gan run: unknown experiment 'dcgan'; available: dirac, discriminator-1010, fashion-dcgan, fashion-mlp, grid, nodes, pattern-1010, ring, "
                + "single-point, toy-1d",
                "run", "dcgan");
        refused("gan run discriminator-1010: --loss for discriminator-1010 must be mse or bce (D alone has no generator), got minimax",
                "run", "discriminator-1010", "--loss", "minimax");
        refused("gan run pattern-1010: --steps must be a whole number >= 1, got 'many'", "run", "pattern-1010", "--steps", "many");
        refused("gan run nodes: --mlflow must be an http(s) URI of an MLflow tracking server, got 'ftp://x'",
                "run", "nodes", "--mlflow", "ftp://x");
        refused("gan run nodes: --mlflow-experiment needs --mlflow URI (or MLFLOW_TRACKING_URI)",
                "run", "nodes", "--mlflow-experiment", "mine");
        refused("gan mlflow-sync: " + out + " has no MLflow spool (mlflow/sync.json): it was not run with --mlflow",
                "mlflow-sync", out.toString());
        assertFalse(Files.exists(out.resolve("runs")), "nothing is written for a refused run");
    }

    @Test
    void commandsWithoutTheirFoldersAndFoldersThatCannotBeUsedAreUserErrors() throws Exception {
        refused("gan sweep-report: Missing required parameter: 'DIR'", "sweep-report");
        refused("gan mlflow-sync: Missing required parameter: 'DIR'", "mlflow-sync");
        Path missing = out.resolve("missing");
        refused("gan mlflow-sync: " + missing + " does not exist", "mlflow-sync", missing.toString());
        refused("gan sweep-report: " + missing + " does not exist", "sweep-report", missing.toString());
        Path file = Files.writeString(out.resolve("a-file"), "x");
        refused("gan run nodes: --out: " + file + " is a file, not a folder", "run", "nodes", "--out", file.toString());
        refused("gan run nodes: --out: cannot create or write in " + file.resolve("sub") + " (Not a directory)",
                "run", "nodes", "--out", file.resolve("sub").toString());
        refused("gan sweep nodes: --out: " + file + " is a file, not a folder",
                "sweep", "nodes", "--seeds", "1", "--out", file.toString());
        assertEquals("x", Files.readString(file), "nothing written over it");
    }

    @Test
    void aNetworkTooLargeForOneTensorIsAUserErrorWithItsSizeBeforeAnythingIsWritten() throws IOException {
        refused("gan run ring: a tensor of shape [100000, 100000] has 10,000,000,000 elements; one tensor holds at most "
                + "2,147,483,647 (--batch 256 with this network); lower --batch or the network's size",
                "run", "ring", "--hidden", "100000", "--steps", "1", "--out", out.toString());
        try (var runs = Files.list(out)) {
            assertEquals(0, runs.count(), "refused when planned: no run folder");
        }
    }

    @Test
    void numbersTooLargeSayTheLimit() {
        refused("gan run nodes: --steps is too large: at most 2147483647, got '99999999999'",
                "run", "nodes", "--steps", "99999999999");
        refused("gan run nodes: --seed is too large: from -9223372036854775808 to 9223372036854775807, got "
                + "'99999999999999999999'", "run", "nodes", "--seed", "99999999999999999999");
        refused("gan sweep nodes: --seeds is too large: at most 2147483647, got '3000000000'",
                "sweep", "nodes", "--seeds", "3000000000");
    }

    /** Help lines break at spaces only, and each flag shows the default the run uses. */
    @Test
    void helpBreaksNoWordAndShowsTheExperimentsOwnDefaults() {
        String dirac = gan("run", "dirac", "--help").out();
        for (String word : java.util.List.of("summary.json", "softplus(d(theta))", "step(s)", "-Dgan.backend")) {
            assertTrue(dirac.contains(word), word + " unbroken in:\n" + dirac);
        }
        String ring = gan("run", "ring", "--help").out().replaceAll("\\s+", " ");
        assertTrue(ring.contains("0 for SGD (default: 0.5)") && ring.contains("0.99 for RMSprop (default: 0.999)"), ring);
        String d1010 = gan("run", "discriminator-1010", "--help").out().replaceAll("\\s+", " ");
        assertTrue(d1010.contains("learning rate (of both networks, in a GAN)"), d1010);
    }

    @Test
    void helpListsOnlyTheLossesTheExperimentAccepts() {
        String d1010 = gan("run", "discriminator-1010", "--help").out().replaceAll("\\s+", " ");
        assertTrue(d1010.contains("the (D, G) loss pair (see gan list): mse, bce (default: mse)"), d1010);
        String singlePoint = gan("run", "single-point", "--help").out().replaceAll("\\s+", " ");
        assertTrue(singlePoint.contains("(see gan list): mse, non-saturating, bce, minimax (default: bce)"), singlePoint);
        String ring = gan("run", "ring", "--help").out().replaceAll("\\s+", " ");
        assertTrue(ring.contains("wasserstein, hinge (default: bce)"), ring);
    }

    @Test
    void everyRunFileHasTheSameMode() throws IOException {
        assertEquals(0, gan("run", "nodes", "--steps", "5", "--quiet", "--out", out.toString()).exit());
        try (var dirs = Files.list(out)) {
            Path run = dirs.findFirst().orElseThrow();
            var params = Files.getPosixFilePermissions(run.resolve("params.json"));
            try (var files = Files.list(run)) {
                files.forEach(f -> {
                    try {
                        assertEquals(params, Files.getPosixFilePermissions(f), f.getFileName() + " like params.json");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Test
    void aFileStoreInMlflowTrackingUriIsNamedWithTheServerCommand() throws Exception {
        // The variable is read from the environment: a child JVM gets it, as a user's shell would give it.
        Child child = runChild(java.util.Map.of("MLFLOW_TRACKING_URI", "file:///tmp/mlruns"), "run", "nodes", "--steps", "5",
                "--out", out.toString());
        String output = child.output();
        assertEquals(2, child.exit(), output);
        assertTrue(output.contains("gan run nodes: MLFLOW_TRACKING_URI must be an http(s) URI of an MLflow tracking "
                + "server, got 'file:///tmp/mlruns'; gan-lab logs through a server's REST API: serve that store with "
                + "'mlflow server --backend-store-uri file:///tmp/mlruns --port 5000' and use http://127.0.0.1:5000 "
                + "(or unset MLFLOW_TRACKING_URI to run without MLflow)"), output);
        assertFalse(output.contains("--mlflow must"), output);
        try (var files = Files.list(out)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void listShowsTheExperimentsTricksLossesAndTheCpuBackend() {
        Result r = gan("list");
        assertEquals(0, r.exit());
        for (String name : new String[] {"pattern-1010", "single-point", "nodes", "discriminator-1010",
            "label-smoothing", "example-weighting", "weight-decay", "weight-noise", "r1", "r2", "gradient-penalty",
            "weight-clipping", "instance-noise", "spectral-norm", "ema", "consensus",
            "mse", "non-saturating", "minimax", "wasserstein", "hinge"}) {
            assertTrue(r.out().contains("  " + name + " "), name + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("cpu                  priority 10, available"), r.out());
    }

    @Test
    void helpShowsTheSeedsDefaults() {
        Result r = gan("run", "single-point", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--steps=N") && r.out().contains("training steps (default: 2000)"), r.out());
        String flat = r.out().replaceAll("\\s+", " "); // picocli wraps long descriptions anywhere
        assertTrue(flat.contains("(default: adam)") && flat.contains("(default: 32)"), r.out());
        assertTrue(r.out().contains("--order=NAME") && r.out().contains("--d-steps=N") && r.out().contains("--beta1=BETA"),
                r.out());
        Result toy = gan("run", "toy-1d", "--help");
        assertTrue(toy.out().contains("--hidden=VALUE") && toy.out().contains("D's hidden units (default: 8)"), toy.out());
    }

    @Test
    void sweepHelpIsFormattedWithoutWarnings() {
        // picocli reports a description it cannot format (a bare '%') on System.err and prints it raw.
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Result r = gan("sweep", "--help");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("success rates with 95 % intervals"), r.out());
        } finally {
            System.setErr(stderr);
        }
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains("picocli WARN"), captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunPrintsItsOutcomeAndFolder() {
        Result r = gan("run", "nodes", "--steps", "50", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("nodes COMPLETED"), r.out());
        assertTrue(r.out().contains("run folder: " + out), r.out());
        assertEquals("", gan("run", "nodes", "--quiet", "--out", out.toString()).out());
    }
}
