package org.ganlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of MNIST-layout IDX files: read whole, or refused naming the file and what to do. */
class ImageDataSetTest {

    @TempDir
    Path tmp;

    private void split(String prefix, int images, int labels, boolean gzip) throws IOException {
        byte[] pixels = new byte[images * 2 * 3];
        byte[] classes = new byte[labels];
        for (int i = 0; i < labels; i++) {
            classes[i] = (byte) (i % 4);
        }
        String gz = gzip ? ".gz" : "";
        IdxFileTest.write(tmp.resolve(prefix + "-images-idx3-ubyte" + gz), IdxFileTest.idx(8, new int[] {images, 2, 3}, pixels), gzip);
        IdxFileTest.write(tmp.resolve(prefix + "-labels-idx1-ubyte" + gz), IdxFileTest.idx(8, new int[] {labels}, classes), gzip);
    }

    @Test
    void readsBothSplitsPlainOrGzipped() throws IOException {
        split("train", 8, 8, true);
        split("t10k", 4, 4, false);
        ImageDataSet data = ImageDataSet.read(tmp);
        assertEquals(8, data.train().count());
        assertEquals(4, data.test().count());
        assertEquals(2, data.train().rows());
        assertEquals(3, data.train().cols());
        assertEquals(4, data.train().classes());
        assertEquals(3, data.train().label(7));
    }

    @Test
    void missingDataNamesTheInstallCommandAndTheFlag() throws IOException {
        DataException none = assertThrows(DataException.class, () -> ImageDataSet.read(tmp.resolve("nowhere")));
        assertTrue(none.getMessage().contains("scripts/install-fashion-mnist.sh") && none.getMessage().contains("--data DIR"),
                none.getMessage());
        split("train", 8, 8, false);
        DataException noTest = assertThrows(DataException.class, () -> ImageDataSet.read(tmp));
        assertTrue(noTest.getMessage().startsWith("no t10k-images-idx3-ubyte[.gz] in " + tmp), noTest.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgree() throws IOException {
        split("train", 8, 7, false);
        split("t10k", 4, 4, false);
        DataException e = assertThrows(DataException.class, () -> ImageDataSet.read(tmp));
        assertTrue(e.getMessage().contains("7 labels for the 8 images of train-images-idx3-ubyte"), e.getMessage());
        Files.delete(tmp.resolve("train-labels-idx1-ubyte"));
        IdxFileTest.write(tmp.resolve("train-labels-idx1-ubyte"), IdxFileTest.idx(8, new int[] {8, 1}, new byte[8]), false);
        DataException rank = assertThrows(DataException.class, () -> ImageDataSet.read(tmp));
        assertTrue(rank.getMessage().contains("2 dimensions; labels are 1"), rank.getMessage());
    }

    /** Debian's Fashion-MNIST, where installed (.ci/run installs it; there it must be found). */
    @Test
    void fashionMnistAsDebianInstallsIt() {
        boolean present = Files.isDirectory(ImageDataSet.FASHION_MNIST);
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(present, "Fashion-MNIST is not installed: " + ImageDataSet.INSTALL);
        }
        ImageDataSet data = ImageDataSet.read(ImageDataSet.FASHION_MNIST);
        assertEquals(60000, data.train().count());
        assertEquals(10000, data.test().count());
        assertEquals(28, data.train().rows());
        assertEquals(28, data.train().cols());
        assertEquals(10, data.train().classes());
        assertEquals(10, data.test().classes());
        assertEquals(9, data.train().label(0)); // Zalando's first training image is an ankle boot
        int[] perClass = new int[10];
        for (int i = 0; i < data.train().count(); i++) {
            perClass[data.train().label(i)]++;
        }
        for (int c : perClass) {
            assertEquals(6000, c, "Fashion-MNIST's training set has 6000 images of each class");
        }
    }
}
