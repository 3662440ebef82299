package org.ganlab.experiments.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * fashion-mlp end to end on a tiny data set of its layout (so it runs without Fashion-MNIST): its
 * files and results, snapshots that change no result, a resume that is bit-exact across an epoch's
 * end, and missing data refused with exit 2.
 */
class FashionMlpExperimentTest {

    @TempDir
    Path tmp;
    Path data;

    @BeforeEach
    void data() throws Exception {
        data = TinyImages.write(tmp.resolve("data"), 30, 120);
    }

    private String[] run(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "fashion-mlp", "--data", data.toString(),
                "--samples", "120", "--snapshot-samples", "100", "--hidden", "32", "--quiet", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }


    @Test
    void aRunScoresItsSamplesAndWritesThemAsIdxWithItsPictures() throws Exception {
        GanCliTest.Result r = GanCliTest.gan(run(tmp.resolve("a"), "--steps", "50", "--snapshot-every", "25"));
        assertEquals(0, r.exit(), r.err());
        Path dir = ImageRuns.only(tmp.resolve("a"));
        for (String file : new String[] {"samples.png", "training.gif", "fid.png", "classes.png", "losses.png"}) {
            assertTrue(Files.size(dir.resolve(file)) > 1000, file);
        }
        IdxFile samples = IdxFile.read(dir.resolve("samples-idx3-ubyte"));
        assertEquals(List.of(120, 28, 28), List.of(samples.dims()[0], samples.dims()[1], samples.dims()[2]));
        String summary = Files.readString(dir.resolve("summary.json"));
        for (String key : new String[] {"\"fid\"", "\"kid\"", "\"kid_std\"", "\"classes_covered\"", "\"class_kl\"",
            "\"confidence\"", "\"classifier_sha256\" : \"" + Classifier.builtIn().sha256() + "\"", "\"metric_samples\" : 120"}) {
            assertTrue(summary.contains(key), key + " in " + summary);
        }
    }

    @Test
    void snapshotsChangeNoResult() throws Exception {
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("few"), "--steps", "50", "--snapshot-every", "50")).exit());
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("many"), "--steps", "50", "--snapshot-every", "10")).exit());
        Path few = ImageRuns.only(tmp.resolve("few"));
        Path many = ImageRuns.only(tmp.resolve("many"));
        ImageRuns.assertSameResults(few, many);
    }


    /** 30 training images at batch 1: the resume at step 40 is in the second epoch, whose order must come back. */
    @Test
    void aResumedRunEndsAsAnUninterruptedOneAcrossAnEpochsEnd() throws Exception {
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("part"), "--steps", "40", "--checkpoint-every", "20")).exit());
        Path part = ImageRuns.only(tmp.resolve("part"));
        assertEquals(0, GanCliTest.gan(run(tmp.resolve("whole"), "--steps", "70", "--checkpoint-every", "20")).exit());
        Path whole = ImageRuns.only(tmp.resolve("whole"));
        GanCliTest.Result resumed = GanCliTest.gan("resume", part.toString(), "--steps", "70", "--quiet");
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        ImageRuns.assertSameRun(whole, part);
    }

    @Test
    void missingDataOrABadClassifierIsRefusedWithExitTwoAndOneLine() throws Exception {
        GanCliTest.Result none = GanCliTest.gan("run", "fashion-mlp", "--data", tmp.resolve("nowhere").toString(), "--quiet",
                "--out", tmp.resolve("x").toString());
        assertEquals(2, none.exit());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("scripts/install-fashion-mnist.sh") && none.err().contains("--data DIR"), none.err());
        assertTrue(!Files.exists(tmp.resolve("x")) || Files.list(tmp.resolve("x")).findAny().isEmpty(), "nothing written");
        Path junk = Files.writeString(tmp.resolve("junk.bin"), "junk\n");
        GanCliTest.Result bad = GanCliTest.gan(run(tmp.resolve("y"), "--steps", "5", "--classifier", junk.toString()));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains(junk + ": not a gan-lab classifier"), bad.err());
    }
}
