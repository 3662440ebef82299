package org.ganlab.experiments.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ganlab.experiments.data.IdxFile;
import org.ganlab.tensor.Rng;

/**
 * A small image data set of MNIST's layout for tests that must not depend on Fashion-MNIST being
 * installed: 28×28 images of 10 classes, class k a bright horizontal bar at rows 2k+4..2k+6 over
 * faint noise.
 */
public final class TinyImages {

    private TinyImages() {
    }

    /** Writes {@code train} training and {@code test} test images into {@code dir} (created) and returns it. */
    public static Path write(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        Rng rng = new Rng(99);
        split(dir, "train", train, rng);
        split(dir, "t10k", test, rng);
        return dir;
    }

    private static void split(Path dir, String prefix, int n, Rng rng) throws IOException {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            labels[i] = (byte) k;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean bar = r >= 2 * k + 4 && r < 2 * k + 7 && c >= 4 && c < 24;
                    pixels[i * 784 + r * 28 + c] = (byte) (bar ? 200 + (int) (55 * rng.nextDouble()) : (int) (20 * rng.nextDouble()));
                }
            }
        }
        IdxFile.write(dir.resolve(prefix + "-images-idx3-ubyte"), pixels, n, 28, 28);
        IdxFile.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, n);
    }
}
