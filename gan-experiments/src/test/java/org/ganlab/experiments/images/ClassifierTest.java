package org.ganlab.experiments.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ganlab.experiments.cli.GanCliTest;
import org.ganlab.experiments.data.DataException;
import org.ganlab.experiments.data.ImageDataSet;
import org.ganlab.experiments.testing.TinyImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics' feature extractor: trained deterministically, its file read back exactly, the committed one as accurate as it says. */
class ClassifierTest {

    static final PrintStream SILENT = new PrintStream(PrintStream.nullOutputStream());
    static final Classifier.Recipe SHORT = new Classifier.Recipe(7, 3, 0, 32, 1e-3);

    @TempDir
    Path tmp;

    @Test
    void trainingTwiceGivesTheSameFileByteForByteAndItReadsBack() throws Exception {
        ImageDataSet data = ImageDataSet.read(TinyImages.write(tmp.resolve("data"), 200, 100));
        Classifier a = ClassifierTraining.train(data, SHORT, 200, tmp.resolve("a.bin"), SILENT);
        Classifier b = ClassifierTraining.train(data, SHORT, 200, tmp.resolve("b.bin"), SILENT);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.bin")), Files.readAllBytes(tmp.resolve("b.bin")));
        assertEquals(a.sha256(), b.sha256());
        assertEquals(a.sha256(), Classifier.load(tmp.resolve("a.bin")).sha256());
        assertTrue(a.recordedAccuracy() > 0.5, "well above chance (0.1) on bars: " + a.recordedAccuracy());
        float[] test = data.test().scaledPixels();
        Classifier.Scores before = a.score(test, 100);
        Classifier.Scores after = Classifier.load(tmp.resolve("a.bin")).score(test, 100);
        assertArrayEquals(before.predicted(), after.predicted());
        assertTrue(Arrays.deepEquals(before.features(), after.features()), "the same weights, the same features");
        assertEquals(Classifier.FEATURES, before.features()[0].length);
        Classifier other = ClassifierTraining.train(data, new Classifier.Recipe(8, 3, 0, 32, 1e-3), 200, tmp.resolve("c.bin"),
                SILENT);
        assertNotEquals(a.sha256(), other.sha256(), "another seed, another classifier");
    }

    @Test
    void aBrokenFileIsRefusedNamingItAndTheFault() throws Exception {
        Path f = tmp.resolve("x.bin");
        Files.writeString(f, "hello\n{}\n");
        DataException magic = assertThrows(DataException.class, () -> Classifier.load(f));
        assertTrue(magic.getMessage().startsWith(f + ": not a gan-lab classifier"), magic.getMessage());
        ImageDataSet data = ImageDataSet.read(TinyImages.write(tmp.resolve("data"), 20, 10));
        ClassifierTraining.train(data, SHORT, 20, tmp.resolve("ok.bin"), SILENT);
        byte[] whole = Files.readAllBytes(tmp.resolve("ok.bin"));
        Files.write(f, Arrays.copyOf(whole, whole.length - 4));
        DataException cut = assertThrows(DataException.class, () -> Classifier.load(f));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        DataException none = assertThrows(DataException.class, () -> Classifier.load(tmp.resolve("none.bin")));
        assertTrue(none.getMessage().startsWith("--classifier: no file"), none.getMessage());
    }

    /** The committed classifier: at least 90 % on Fashion-MNIST's test split, and exactly the accuracy its file records. */
    @Test
    void theBuiltInClassifierIsAsAccurateAsItsFileSays() {
        boolean present = Files.isDirectory(ImageDataSet.FASHION_MNIST);
        if (System.getenv("CI") == null) {
            assumeTrue(present, "Fashion-MNIST is not installed: " + ImageDataSet.INSTALL);
        }
        ImageDataSet data = ImageDataSet.cached(ImageDataSet.FASHION_MNIST);
        Classifier c = Classifier.builtIn();
        double accuracy = c.accuracy(data.test().scaledPixels(), data.test().labels());
        assertEquals(c.recordedAccuracy(), accuracy, 0.0);
        assertTrue(accuracy >= 0.90, "test accuracy " + accuracy);
    }

    /**
     * 'gan classifier train' reproduces the committed classifier byte for byte: the full recipe on
     * Fashion-MNIST in a gan process started as ./gan starts it (about 6 minutes on 2 cores), so this
     * also checks that the CPU backend's bits have not moved under the convolutions, Adam and the
     * linear layers since the file was made.
     */
    @Test
    void trainingWithTheRecipeReproducesTheCommittedFile() throws Exception {
        boolean present = Files.isDirectory(ImageDataSet.FASHION_MNIST);
        if (System.getenv("CI") == null) {
            assumeTrue(present, "Fashion-MNIST is not installed: " + ImageDataSet.INSTALL);
            assumeTrue(System.getProperty("gan.slowTests") != null, "a 6-minute test: -Dgan.slowTests=true (CI runs it)");
        }
        Path again = tmp.resolve("again.bin");
        Process p = new ProcessBuilder(GanCliTest.childGan(List.of("--add-modules", "jdk.incubator.vector"),
                "classifier", "train", "--out", again.toString())).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("train.log").toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("train.log")));
        assertEquals(Classifier.builtIn().sha256(), Classifier.load(again).sha256(), Files.readString(tmp.resolve("train.log")));
    }
}
