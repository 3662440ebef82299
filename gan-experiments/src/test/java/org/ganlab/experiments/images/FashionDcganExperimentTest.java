package org.ganlab.experiments.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.data.IdxFile;
import org.ganlab.experiments.testing.TinyImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fashion-dcgan end to end on a tiny data set at width 1/8: its files, D's normalisation as the
 * tricks make it (and batch norm under a gradient penalty refused), snapshots that change no result
 * although G has batch norm, and a resume that is bit-exact across an epoch's end, batch norm's
 * running statistics included.
 */
class FashionDcganExperimentTest {

    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void data() throws Exception {
        data = TinyImages.write(tmp.resolve("data"), 30, 120);
    }

    private String[] run(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "fashion-dcgan", "--data", data.toString(), "--width", "0.125",
                "--batch", "8", "--samples", "100", "--snapshot-samples", "64", "--quiet", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }



    @Test
    void aRunScoresItsSamplesAndWritesThemWithItsPictures() throws Exception {
        GanCliTest.Result r = GanCliTest.gan(run(tmp.resolve("a"), "--steps", "12", "--snapshot-every", "6"));
        assertEquals(0, r.exit(), r.err());
        Path dir = ImageRuns.only(tmp.resolve("a"));
        for (String file : new String[] {"samples.png", "training.gif", "fid.png", "classes.png", "losses.png"}) {
            assertTrue(Files.size(dir.resolve(file)) > 1000, file);
        }
        IdxFile samples = IdxFile.read(dir.resolve("samples-idx3-ubyte"));
        assertEquals(List.of(100, 28, 28), List.of(samples.dims()[0], samples.dims()[1], samples.dims()[2]));
        JsonNode results = ImageRuns.results(dir);
        assertEquals("batch", results.get("d_norm_used").asText());
        // width 1/8: channels 8 and 16, 128 units; G: 64·128 + 2·128 + 128·784 + 2·784 + 16·8·16 + 2·8 + 8·16 + 1
        assertEquals(64 * 128 + 256 + 128 * 784 + 2 * 784 + 16 * 8 * 16 + 16 + 8 * 16 + 1, results.get("parameters_g").asLong());
        for (String key : new String[] {"fid", "kid", "classes_covered", "class_kl", "confidence"}) {
            assertTrue(results.get(key).isNumber(), key);
        }
    }

    @Test
    void dsNormalisationFollowsTheTricksAndBatchNormUnderAPenaltyOrUnrollingIsRefused() throws Exception {
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("r1"), "--steps", "2", "--trick", "r1")).exit());
        assertEquals("layer", ImageRuns.results(ImageRuns.only(tmp.resolve("r1"))).get("d_norm_used").asText());
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("sn"), "--steps", "2", "--trick", "spectral-norm",
                "--loss", "hinge")).exit());
        assertEquals("none", ImageRuns.results(ImageRuns.only(tmp.resolve("sn"))).get("d_norm_used").asText());
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("gp"), "--steps", "2", "--d-steps", "2", "--loss", "wasserstein",
                "--trick", "gradient-penalty", "--z", "normal")).exit());
        assertEquals("layer", ImageRuns.results(ImageRuns.only(tmp.resolve("gp"))).get("d_norm_used").asText());

        GanCliTest.Result refused = GanCliTest.gan(run(tmp.resolve("x"), "--steps", "2", "--trick", "r1", "--d-norm", "batch"));
        assertEquals(2, refused.exit());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("--d-norm batch: --trick r1 penalises D's gradient"), refused.err());
        assertTrue(!Files.exists(tmp.resolve("x")), "nothing written");
        GanCliTest.Result unrolled = GanCliTest.gan(run(tmp.resolve("u"), "--steps", "2", "--trick", "unrolled",
                "--d-norm", "batch"));
        assertEquals(2, unrolled.exit());
        assertTrue(unrolled.err().contains("--d-norm batch: --trick unrolled's look-ahead"), unrolled.err());
        assertTrue(!Files.exists(tmp.resolve("u")), "nothing written");
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("ul"), "--steps", "1", "--trick", "unrolled:k=1")).exit());
        assertEquals("layer", ImageRuns.results(ImageRuns.only(tmp.resolve("ul"))).get("d_norm_used").asText());
        GanCliTest.Result width = GanCliTest.gan(run(tmp.resolve("y"), "--width", "0"));
        assertEquals(2, width.exit());
        assertTrue(width.err().contains("--width"), width.err());
    }

    /** --init and --z each change what is trained, are recorded in params.json, and refuse other values. */
    @Test
    void initialisationAndLatentDistributionAreUsedAndChecked() throws Exception {
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("dcgan"), "--steps", "2")).exit());
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("pytorch"), "--steps", "2", "--init", "pytorch")).exit());
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("normal"), "--steps", "2", "--z", "normal")).exit());
        String dcgan = Files.readString(ImageRuns.only(tmp.resolve("dcgan")).resolve("metrics.csv"));
        assertNotEquals(dcgan, Files.readString(ImageRuns.only(tmp.resolve("pytorch")).resolve("metrics.csv")));
        assertNotEquals(dcgan, Files.readString(ImageRuns.only(tmp.resolve("normal")).resolve("metrics.csv")));
        assertTrue(Files.readString(ImageRuns.only(tmp.resolve("pytorch")).resolve("params.json")).contains("\"init\" : \"pytorch\""));
        for (String[] bad : new String[][] {{"--init", "xavier"}, {"--z", "gamma"}}) {
            GanCliTest.Result refused = GanCliTest.gan(run(tmp.resolve("bad"), bad));
            assertEquals(2, refused.exit(), refused.err());
            assertTrue(refused.err().contains(bad[0]), refused.err());
        }
        assertTrue(!Files.exists(tmp.resolve("bad")), "nothing written");
    }

    /** G's snapshots run it in evaluation mode: were they to move batch norm's statistics, results would change. */
    @Test
    void snapshotsChangeNoResult() throws Exception {
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("few"), "--steps", "12", "--snapshot-every", "12")).exit());
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("many"), "--steps", "12", "--snapshot-every", "3")).exit());
        Path few = ImageRuns.only(tmp.resolve("few"));
        Path many = ImageRuns.only(tmp.resolve("many"));
        ImageRuns.assertSameResults(few, many);
    }

    /**
     * 30 training images at batch 8: the resume at step 10 is in the third epoch. The samples are made
     * with batch norm's running statistics, so they only match if the checkpoint kept them.
     */
    @Test
    void aResumedRunEndsAsAnUninterruptedOneWithBatchNormsStatistics() throws Exception {
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("part"), "--steps", "10", "--checkpoint-every", "5")).exit());
        Path part = ImageRuns.only(tmp.resolve("part"));
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("whole"), "--steps", "16", "--checkpoint-every", "5")).exit());
        Path whole = ImageRuns.only(tmp.resolve("whole"));
        GanCliTest.Result resumed = GanCliTest.gan("resume", part.toString(), "--steps", "16", "--quiet");
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        ImageRuns.assertSameRun(whole, part);
    }
}
