package org.ganlab.experiments.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment from the test classpath, registered as a plug-in jar registers one ({@code toy-1d},
 * a logit D), with options of its own: they reach its run, params.json and sweep grids; and the new
 * losses, orders and tricks run end to end from the command line.
 */
class ExperimentPluginTest {

    @TempDir
    Path out;

    static GanCliTest.Result gan(String... args) {
        return GanCliTest.gan(args);
    }

    JsonNode json(Path runs, String file) throws IOException {
        try (var dirs = Files.list(runs)) {
            Path dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            return Json.MAPPER.readTree(dir.resolve(file).toFile());
        }
    }

    @Test
    void anExperimentsOwnOptionsReachItsRunAndParamsJson() throws IOException {
        GanCliTest.Result r = gan("run", "toy-1d", "--mean", "-3", "--hidden", "4", "--steps", "400", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode params = json(out, "params.json");
        assertEquals("-3", params.get("mean").asText());
        assertEquals("4", params.get("hidden").asText());
        assertEquals("bce", params.get("loss").asText());
        assertEquals(1, params.get("d-steps").asInt());
        double mean = json(out, "summary.json").get("results").get("sample_mean").asDouble();
        assertTrue(mean < -1, "G moved towards the data at -3: sample mean " + mean);
    }

    @Test
    void impliedSettingsAreRecorded() throws IOException {
        GanCliTest.Result r = gan("run", "single-point", "--optimizer", "adamw", "--steps", "5", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode params = json(out, "params.json");
        JsonNode d = params.get("optimizers").get("d");
        assertEquals(0.01, d.get("weight_decay").asDouble(), "AdamW's default decay");
        assertTrue(d.get("decoupled_weight_decay").asBoolean());
        assertEquals(1e-8, d.get("eps").asDouble());
        assertEquals(0.999, params.get("beta2").asDouble());
        assertEquals("alternating", params.get("order").asText());
        assertEquals(1, params.get("d-steps").asInt());
    }

    @Test
    void wganGpWithCriticStepsAndAdamBetasRunsAndIsRecorded() throws IOException {
        GanCliTest.Result r = gan("run", "toy-1d", "--loss", "wasserstein", "--trick", "gradient-penalty", "--d-steps", "3",
                "--beta1", "0.5", "--beta2", "0.9", "--steps", "40", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode params = json(out, "params.json");
        assertEquals(3, params.get("d-steps").asInt());
        assertEquals("[0.5,0.9]", params.get("optimizers").get("d").get("betas").toString());
        assertEquals(10.0, params.get("tricks").get(0).get("settings").get("lambda").asDouble());
        assertTrue(Files.readString(Files.list(out).findFirst().orElseThrow().resolve("metrics.csv")).startsWith(
                "step,d_loss_real,d_loss_fake,d_loss,g_loss,d_penalty,d_on_real,d_on_fake"), "the penalty is recorded");
    }

    @Test
    void simultaneousConsensusWithEmaRunsAndSaysWhichGeneratorItsResultsShow() throws IOException {
        GanCliTest.Result r = gan("run", "toy-1d", "--order", "simultaneous", "--trick", "consensus:gamma=1",
                "--trick", "ema:beta=0.9", "--optimizer", "rmsprop", "--steps", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("generator: ema(beta=0.9)"), r.out());
        assertEquals("ema(beta=0.9)", json(out, "summary.json").get("results").get("generator").asText());
        JsonNode optimizer = json(out, "params.json").get("optimizers").get("g");
        assertEquals(0.99, optimizer.get("alpha").asDouble(), "RMSprop's implied alpha is recorded");
    }

    @Test
    void hingeWithSpectralNormAndInstanceNoiseRunsWithTwoLearningRates() {
        GanCliTest.Result r = gan("run", "toy-1d", "--loss", "hinge", "--trick", "spectral-norm", "--trick",
                "instance-noise:sigma=0.2,anneal=20", "--lr-d", "0.004", "--lr-g", "0.001", "--steps", "30", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void aSweepMayVaryAnExperimentsOwnOption() throws IOException {
        GanCliTest.Result r = gan("sweep", "toy-1d", "--seeds", "2", "--steps", "20", "--grid", "hidden=2,4", "--quiet",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("cell,hidden,runs"), lines.get(0));
        JsonNode plan = Json.MAPPER.readTree(out.resolve("sweep.json").toFile());
        assertEquals("8", plan.get("fixed").get("hidden").asText(), "fixed settings come from the one settings map");
        assertEquals(50, plan.get("fixed").get("snapshot-every").asInt(), "snapshot-every, which a hand-written list once missed");
        GanCliTest.Result bad = gan("sweep", "toy-1d", "--seeds", "2", "--grid", "hidden=2,0", "--quiet", "--out",
                out.resolve("bad").toString());
        assertEquals(2, bad.exit());
        assertEquals("gan sweep toy-1d: --hidden must be a whole number >= 1, got '0'", bad.err().strip());
    }
}
