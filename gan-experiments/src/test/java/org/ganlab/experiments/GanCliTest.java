package org.ganlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ganlab.experiments.cli.GanCli;
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

    void refused(String message, String... args) {
        Result r = gan(args);
        assertEquals(2, r.exit(), String.join(" ", args));
        assertEquals(message, r.err().strip(), "one line naming the flag and what is allowed");
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void badValuesExitWithTwoAndOneLine() {
        refused("gan run pattern-1010: --steps must be a whole number >= 1, got '-5'", "run", "pattern-1010", "--steps", "-5");
        refused("gan run single-point: --trick: unknown trick 'magic'; available: example-weighting, label-smoothing, "
                + "poison, weight-decay, weight-noise", "run", "single-point", "--trick", "magic");
        refused("gan run single-point: --backend: unknown backend 'tpu'; backends found: cpu (priority 10), reference (priority -100)",
                "run", "single-point", "--backend", "tpu");
        refused("gan run single-point: --trick weight-noise: option 'sigma' is not key=value (form: NAME[:key=value,...])",
                "run", "single-point", "--trick", "weight-noise:sigma");
        refused("gan run single-point: --lr-d must be a number > 0, got '-0.1'", "run", "single-point", "--lr-d", "-0.1");
        refused("gan run single-point: --loss must be one of mse, bce, minimax, non-saturating, got 'hinge'",
                "run", "single-point", "--loss", "hinge");
        refused("gan run nodes: --trick does not apply to nodes; its flags: --seed, --steps, --lr, --out, --quiet, "
                + "--mlflow, --mlflow-experiment",
                "run", "nodes", "--trick", "weight-noise");
        refused("gan run: unknown experiment 'dcgan'; available: discriminator-1010, nodes, pattern-1010, single-point",
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
    void listShowsTheExperimentsTheFourTricksAndTheCpuBackend() {
        Result r = gan("list");
        assertEquals(0, r.exit());
        for (String name : new String[] {"pattern-1010", "single-point", "nodes", "discriminator-1010",
            "label-smoothing", "example-weighting", "weight-decay", "weight-noise"}) {
            assertTrue(r.out().contains("  " + name + " "), name + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("cpu                  priority 10, available"), r.out());
    }

    @Test
    void helpShowsTheSeedsDefaults() {
        Result r = gan("run", "single-point", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--steps=N") && r.out().contains("training steps (default: 2000)"), r.out());
        assertTrue(r.out().contains("(default: adam)") && r.out().contains("(default: 32)"), r.out());
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
