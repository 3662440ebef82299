package org.ganlab.experiments.seeds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.config.TrickSpec;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.Results;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.run.Snapshot;
import org.ganlab.experiments.testing.Outputs;
import org.ganlab.experiments.wiring.Gan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedExperimentsTest {

    static final Gan GAN = new Gan();

    @TempDir
    Path out;

    RunRecord run(String experiment, long seed) throws IOException {
        return run(GAN.get(Experiments.class).get(experiment).defaults().toBuilder().seed(seed));
    }

    RunRecord run(RunConfig.Builder b) throws IOException {
        return GAN.run(b.build(), Outputs.quiet(out));
    }

    @Test
    void pattern1010WithItsDefaultsConvergesForAtLeastFourOfFiveSeeds() throws IOException {
        List<String> outcomes = new ArrayList<>();
        int successes = 0;
        for (long seed = 1; seed <= 5; seed++) {
            RunRecord r = run("pattern-1010", seed);
            assertEquals(RunRecord.Status.COMPLETED, r.status());
            float[] mean = (float[]) r.results().get("mean_generator_output");
            boolean ok = r.success().orElseThrow();
            successes += ok ? 1 : 0;
            outcomes.add("seed " + seed + ": " + Arrays.toString(mean) + (ok ? " ok" : " FAILED"));
        }
        assertTrue(successes >= 4, "mean G output within 0.1 of [0.9, 0.1, 0.9, 0.1]: " + outcomes);
    }

    @Test
    void discriminator1010TellsThePatternsApart() throws IOException {
        RunRecord r = run("discriminator-1010", 1);
        float on1010 = ((Number) r.results().get("d_on_1010")).floatValue();
        float on0101 = ((Number) r.results().get("d_on_0101")).floatValue();
        assertTrue(on1010 > 0.9f && on0101 < 0.1f, "D(1010) " + on1010 + ", D(0101) " + on0101);
    }

    @Test
    void nodesGeneratorParameterEndsNearOne() throws IOException {
        RunRecord r = run("nodes", 1);
        assertEquals(1f, ((Number) r.results().get("g_param")).floatValue(), 0.1f);
    }

    @Test
    void aRunWritesItsFilesIntoANewFolder() throws IOException {
        RunRecord r = run(GAN.get(Experiments.class).get("single-point").defaults().toBuilder().steps(100));
        for (String f : List.of("params.json", "metrics.csv", "summary.json", "losses.png", "params.png",
                "training.gif", "report.html")) {
            assertTrue(Files.size(r.dir().resolve(f)) > 0, f);
        }
        assertEquals(101, Files.readAllLines(r.dir().resolve("metrics.csv")).size(), "header and 100 steps");
        assertEquals(6, gifFrames(r.dir().resolve("training.gif")), "step 0 and every 20 steps");
        JsonNode params = Json.MAPPER.readTree(r.dir().resolve("params.json").toFile());
        assertEquals("single-point", params.get("experiment").asText());
        assertEquals("cpu", params.get("backend").asText());
        assertEquals(0.05, params.get("lr-d").asDouble());
        assertEquals(0.9, params.get("beta1").asDouble(), "implied settings are recorded");
        assertEquals(0.999, params.get("optimizers").get("d").get("betas").get(1).asDouble());
        assertEquals(20, params.get("snapshot-every").asInt());
        assertTrue(params.get("versions").has("java"));
        assertTrue(params.has("gitCommit"));
        String report = Files.readString(r.dir().resolve("report.html"));
        assertTrue(report.contains("training.gif") && report.contains("params.png"), "the report shows the pictures");
        RunRecord again = run(GAN.get(Experiments.class).get("single-point").defaults().toBuilder().steps(100));
        assertNotEquals(r.dir(), again.dir(), "an older run's folder is never reused");
        assertTrue(Files.exists(r.dir().resolve("summary.json")));
    }

    private static int gifFrames(Path gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return reader.getNumImages(true);
        }
    }

    @Test
    void theSameSeedGivesTheSameNumbersBitForBit() throws IOException {
        RunConfig.Builder b = GAN.get(Experiments.class).get("pattern-1010").defaults().toBuilder().steps(300);
        byte[] first = Files.readAllBytes(run(b).dir().resolve("metrics.csv"));
        byte[] second = Files.readAllBytes(run(b).dir().resolve("metrics.csv"));
        assertArrayEquals(first, second);
        byte[] other = Files.readAllBytes(run(b.seed(2)).dir().resolve("metrics.csv"));
        assertFalse(Arrays.equals(first, other), "another seed gives other numbers");
        RunConfig.Builder noisy = GAN.get(Experiments.class).get("single-point").defaults().toBuilder().steps(50)
                .tricks(List.of(TrickSpec.parse("weight-noise")));
        assertArrayEquals(Files.readAllBytes(run(noisy).dir().resolve("metrics.csv")),
                Files.readAllBytes(run(noisy).dir().resolve("metrics.csv")), "tricks draw from the seeded stream too");
    }

    /** Snapshots draw from their own random stream and run without a graph: how often they are taken changes nothing. */
    @Test
    void displayFlagsNeverChangeResults() throws IOException {
        for (RunConfig.Builder b : List.of(
                GAN.get(Experiments.class).get("pattern-1010").defaults().toBuilder().steps(2000),
                GAN.get(Experiments.class).get("single-point").defaults().toBuilder().steps(300),
                GAN.get(Experiments.class).get("toy-1d").defaults().toBuilder()
                        .tricks(List.of(TrickSpec.parse("spectral-norm"), TrickSpec.parse("ema:beta=0.9"))))) {
            RunRecord usual = run(b);
            b.snapshotEvery = 1;
            RunRecord every = run(b);
            assertEquals(Files.readString(usual.dir().resolve("metrics.csv")), Files.readString(every.dir().resolve("metrics.csv")),
                    b.experiment);
            assertEquals(Json.MAPPER.readTree(usual.dir().resolve("summary.json").toFile()).get("results"),
                    Json.MAPPER.readTree(every.dir().resolve("summary.json").toFile()).get("results"), b.experiment);
        }
    }

    @Test
    void aDivergingRunIsRecordedAsDivergedWithItsStepAndKeepsItsFiles() throws IOException {
        RunRecord r = run(GAN.get(Experiments.class).get("single-point").defaults().toBuilder().steps(50)
                .tricks(List.of(TrickSpec.parse("poison:after=7"))));
        assertEquals(RunRecord.Status.DIVERGED, r.status());
        assertEquals(8, r.divergedAtStep());
        JsonNode summary = Json.MAPPER.readTree(r.dir().resolve("summary.json").toFile());
        assertEquals("DIVERGED", summary.get("status").asText());
        assertEquals(8, summary.get("divergedAtStep").asInt());
        assertTrue(summary.get("divergedReason").asText().contains("d_loss_fake"));
        assertEquals(9, Files.readAllLines(r.dir().resolve("metrics.csv")).size(), "steps up to the divergence are kept");
        assertTrue(Files.exists(r.dir().resolve("losses.png")) && Files.exists(r.dir().resolve("report.html")));
    }

    /** The film's y range holds G's line in every frame, and a negative b reads as a subtraction. */
    @Test
    void singlePointFramesShowTheWholeLineAndReadAsEquations() {
        SinglePointExperiment.Frame early = new SinglePointExperiment.Frame(new float[0], -0.217f, -0.604f);
        SinglePointExperiment.Frame late = new SinglePointExperiment.Frame(new float[0], 0.01f, 1.0f);
        double[] range = SinglePointCharts.range(List.of(new Snapshot<>(0, early), new Snapshot<>(100, late)));
        assertTrue(range[0] < -0.217 * 1 - 0.604 && range[1] > 1.5, java.util.Arrays.toString(range));
        assertEquals("step 0:  G(x) = -0.217 x − 0.604", SinglePointCharts.title(0, early));
        assertEquals("step 100:  G(x) = 0.010 x + 1.000", SinglePointCharts.title(100, late));
    }

    /** G's error is measured against the pattern success is judged by: the real data's mean. */
    @Test
    void patternGsErrorIsAgainstTheDatasMean() throws IOException {
        RunRecord r = run("pattern-1010", 1);
        float[] mean = Results.floats(r.results().get("mean_generator_output"));
        double error = 0;
        for (int i = 0; i < 4; i++) {
            error += Math.pow(mean[i] - Patterns.MEAN_1010[i], 2) / 4;
        }
        assertEquals(error, ((Number) r.results().get("g_error")).doubleValue(), 0.01,
                "the last step's error is about the squared distance of the mean output from the data's mean");
    }
}
