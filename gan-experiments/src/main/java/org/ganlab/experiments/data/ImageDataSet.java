package org.ganlab.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image data set in the IDX format, MNIST's layout: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
 * each plain or with {@code .gz}, in one folder. Debian's {@code dataset-fashion-mnist} puts
 * Fashion-MNIST's in {@link #FASHION_MNIST}; the original MNIST's files work as they are.
 */
public record ImageDataSet(Path folder, Split train, Split test) {

    /** Where Debian's package installs Fashion-MNIST. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** What the user can do about missing data. */
    public static final String INSTALL = "scripts/install-fashion-mnist.sh (as root: Debian's dataset-fashion-mnist)";

    /** Images {@code [count][rows·cols]} as unsigned bytes, and their labels. */
    public record Split(int count, int rows, int cols, byte[] pixels, byte[] labels, int classes) {

        /** Image i's pixel j scaled to [0, 1]. */
        public float pixel(int i, int j) {
            return (pixels[i * rows * cols + j] & 0xff) / 255f;
        }

        /** Every pixel scaled to [0, 1], image after image. */
        public float[] scaledPixels() {
            float[] all = new float[pixels.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = (pixels[i] & 0xff) / 255f;
            }
            return all;
        }

        public int label(int i) {
            return labels[i] & 0xff;
        }
    }

    private static final java.util.Map<Path, ImageDataSet> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * As {@link #read}, read once per process and folder (a sweep's runs share it); a folder that
     * failed is read again next time.
     */
    public static ImageDataSet cached(Path folder) {
        return CACHE.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> read(folder));
    }

    /** The data set in {@code folder}; a missing or broken file is refused naming it and what is wrong. */
    public static ImageDataSet read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DataException("no image data in " + folder + " (no such folder): install Fashion-MNIST with "
                    + INSTALL + ", or pass --data DIR, a folder with the four IDX files of MNIST's layout");
        }
        return new ImageDataSet(folder, split(folder, "train"), split(folder, "t10k"));
    }

    private static Split split(Path folder, String prefix) {
        IdxFile images = IdxFile.read(find(folder, prefix + "-images-idx3-ubyte"));
        IdxFile labels = IdxFile.read(find(folder, prefix + "-labels-idx1-ubyte"));
        if (images.dims().length != 3) {
            throw new DataException(images.path() + ": " + images.dims().length + " dimensions; images are 3 (count, rows, "
                    + "columns)");
        }
        if (labels.dims().length != 1) {
            throw new DataException(labels.path() + ": " + labels.dims().length + " dimensions; labels are 1 (count)");
        }
        if (images.count() != labels.count()) {
            throw new DataException(labels.path() + ": " + labels.count() + " labels for the " + images.count()
                    + " images of " + images.path().getFileName());
        }
        int classes = 0;
        for (byte b : labels.data()) {
            classes = Math.max(classes, (b & 0xff) + 1);
        }
        return new Split(images.count(), images.dims()[1], images.dims()[2], images.data(), labels.data(), classes);
    }

    /** The file, plain or gzipped; a missing one is named with what to do. */
    private static Path find(Path folder, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException("no " + name + "[.gz] in " + folder + ": install Fashion-MNIST with " + INSTALL
                + ", or pass --data DIR, a folder with the four IDX files of MNIST's layout");
    }
}
