package org.ganlab.experiments.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.data.DataException;
import org.ganlab.experiments.io.AtomicFile;
import org.ganlab.experiments.io.Json;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.Flatten;
import org.ganlab.nn.Linear;
import org.ganlab.nn.MaxPool2d;
import org.ganlab.nn.Module;
import org.ganlab.nn.ReLU;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * The feature extractor of the image metrics: a small convolutional classifier of 28×28 greyscale
 * images with pixels in [0, 1], trained by gan-lab ({@link ClassifierTraining}, {@code gan classifier
 * train}). Its {@value #FEATURES} penultimate activations are the features FID and KID compare; its
 * predictions give class coverage and confidence. Every result computed with it records its
 * {@link #sha256()}, since FID depends on the extractor.
 *
 * <pre>
 * conv 5×5 1→16 pad 2, ReLU, max pool 2    28×28 → 14×14
 * conv 5×5 16→32 pad 2, ReLU, max pool 2   14×14 → 7×7
 * flatten, linear 1568→64, ReLU            the features
 * linear 64→10                             the class logits
 * </pre>
 *
 * <p>The weights file: the line {@value #MAGIC}, one line of JSON (the architecture, the training
 * recipe, the training data's SHA-256, the test accuracy, each parameter's name and shape, in
 * order), then every parameter's float32 values, little-endian, row-major, in that order. It holds
 * no date or version, so training again with the same recipe and data reproduces it byte for byte.
 */
public final class Classifier {

    public static final String MAGIC = "gan-lab classifier 1";
    public static final String ARCHITECTURE = "conv5x5(1->16,pad2) relu maxpool2 conv5x5(16->32,pad2) relu maxpool2 "
            + "flatten linear(1568->64) relu linear(64->10)";
    public static final int SIDE = 28;
    public static final int FEATURES = 64;
    /** The committed classifier, trained on Fashion-MNIST by {@code gan classifier train}. */
    public static final String BUILT_IN = "fashion-mnist-classifier.bin";
    static final int EVAL_BATCH = 500;

    private final Sequential features;
    private final Linear head;
    private final int classes;
    private final Map<String, Object> header;
    private final String sha256;

    /**
     * The training recipe, recorded in the file: {@code epochs} at {@code lr}, then {@code slowEpochs}
     * at a tenth of it.
     */
    public record Recipe(long seed, int epochs, int slowEpochs, int batch, double lr) {
        public static final Recipe DEFAULT = new Recipe(2026, 4, 2, 64, 1e-3);
    }

    /** What the classifier makes of a set of images. */
    public record Scores(double[][] features, int[] predicted, double[] confidence) {
        public double meanConfidence() {
            double sum = 0;
            for (double c : confidence) {
                sum += c;
            }
            return sum / confidence.length;
        }
    }

    private Classifier(Sequential features, Linear head, int classes, Map<String, Object> header, String sha256) {
        this.features = features;
        this.head = head;
        this.classes = classes;
        this.header = header;
        this.sha256 = sha256;
    }

    /** A freshly initialised network (PyTorch's default initialisation from {@code rng}). */
    static Classifier initial(int classes, Rng rng) {
        Sequential f = new Sequential(new Conv2d(1, 16, 5, 1, 2, true, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 5, 1, 2, true, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(32 * 7 * 7, FEATURES, true, rng), new ReLU());
        return new Classifier(f, new Linear(FEATURES, classes, true, rng), classes, Map.of(), null);
    }

    /** The features and the head, in the order of the weights file. */
    Module network() {
        return new Sequential(features, head);
    }

    /** Class logits {@code [N, classes]} of images {@code [N, 784]} or {@code [N, 1, 28, 28]}, with a graph. */
    Tensor logits(Tensor images) {
        return head.forward(features.forward(images.reshape(images.size(0), 1, SIDE, SIDE)));
    }

    public int classes() {
        return classes;
    }

    /** The weights file's SHA-256 (hex); null for a classifier not read from a file. */
    public String sha256() {
        return sha256;
    }

    /** The test accuracy its file records. */
    public double recordedAccuracy() {
        return ((Number) header.get("test_accuracy")).doubleValue();
    }

    /** What a result computed with it records: which classifier, by checksum and accuracy. */
    public Map<String, Object> identity() {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("classifier_sha256", sha256);
        id.put("classifier_test_accuracy", header.get("test_accuracy"));
        return id;
    }

    /**
     * Features, predicted classes and confidence (the largest softmax probability) of {@code count}
     * images, {@code pixels} {@code [count][784]} in [0, 1]; no graph, in batches.
     */
    public Scores score(float[] pixels, int count) {
        int pixelsPer = SIDE * SIDE;
        if (pixels.length != count * pixelsPer) {
            throw new IllegalArgumentException("classifier: " + pixels.length + " pixels are not " + count + " images of "
                    + SIDE + "x" + SIDE);
        }
        double[][] f = new double[count][];
        int[] predicted = new int[count];
        double[] confidence = new double[count];
        try (var noGrad = GradMode.noGrad()) {
            for (int start = 0; start < count; start += EVAL_BATCH) {
                int n = Math.min(EVAL_BATCH, count - start);
                try (MemoryScope batch = MemoryScope.open()) {
                    float[] chunk = java.util.Arrays.copyOfRange(pixels, start * pixelsPer, (start + n) * pixelsPer);
                    Tensor features = this.features.forward(Tensor.of(chunk, n, 1, SIDE, SIDE));
                    float[] fv = features.toFloatArray();
                    float[] logits = head.forward(features).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        double[] row = new double[FEATURES];
                        for (int j = 0; j < FEATURES; j++) {
                            row[j] = fv[i * FEATURES + j];
                        }
                        f[start + i] = row;
                        scoreLogits(logits, i, start + i, predicted, confidence);
                    }
                }
            }
        }
        return new Scores(f, predicted, confidence);
    }

    /** The most likely class (the first of equal ones) and its softmax probability, in double. */
    private void scoreLogits(float[] logits, int row, int into, int[] predicted, double[] confidence) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[row * classes + c] > logits[row * classes + best]) {
                best = c;
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp((double) logits[row * classes + c] - logits[row * classes + best]);
        }
        predicted[into] = best;
        confidence[into] = 1 / sum;
    }

    /** The share of images whose predicted class is their label. */
    public double accuracy(float[] pixels, byte[] labels) {
        int[] predicted = score(pixels, labels.length).predicted();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == (labels[i] & 0xff)) {
                right++;
            }
        }
        return (double) right / labels.length;
    }

    /** Writes the weights file with its header; returns the classifier as read back (with its checksum). */
    Classifier save(Path file, Map<String, Object> about) throws IOException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("architecture", ARCHITECTURE);
        h.put("input", "28x28 greyscale, pixels scaled to [0, 1], as [N, 1, 28, 28]");
        h.put("classes", classes);
        h.put("features", FEATURES);
        h.putAll(about);
        List<Map<String, Object>> params = new ArrayList<>();
        network().namedParameters().forEach((name, t) -> {
            Map<String, Object> p = new LinkedHashMap<>(); // not Map.of: its order changes from one JVM to the next
            p.put("name", name);
            p.put("shape", t.shape());
            params.add(p);
        });
        h.put("parameters", params);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((MAGIC + "\n" + Json.compact(h) + "\n").getBytes(StandardCharsets.UTF_8));
        for (Tensor t : network().parameters()) {
            float[] v = t.toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            bytes.writeBytes(b.array());
        }
        AtomicFile.write(file, out -> bytes.writeTo(out));
        return read(bytes.toByteArray(), file.toString());
    }

    /** The classifier in {@code file}; a missing or malformed file is refused naming it and the fault. */
    public static Classifier load(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new DataException("--classifier: no file " + file + " (make one with 'gan classifier train --out FILE')");
        } catch (IOException e) {
            throw new DataException("--classifier: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The committed Fashion-MNIST classifier. */
    public static Classifier builtIn() {
        try (InputStream in = Classifier.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in classifier " + BUILT_IN + " is missing from the jar");
            }
            return read(in.readAllBytes(), "built-in " + BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Classifier read(byte[] bytes, String where) {
        int first = indexOf(bytes, 0);
        int second = first < 0 ? -1 : indexOf(bytes, first + 1);
        if (first < 0 || second < 0 || !new String(bytes, 0, first, StandardCharsets.UTF_8).equals(MAGIC)) {
            throw new DataException(where + ": not a gan-lab classifier (its first line must be '" + MAGIC + "')");
        }
        JsonNode h;
        try {
            h = Json.MAPPER.readTree(new String(bytes, first + 1, second - first - 1, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataException(where + ": its header is not JSON: " + e.getMessage());
        }
        if (!ARCHITECTURE.equals(h.path("architecture").asText())) {
            throw new DataException(where + ": architecture '" + h.path("architecture").asText() + "'; this gan-lab reads '"
                    + ARCHITECTURE + "'");
        }
        Classifier c = initial(h.path("classes").asInt(10), new Rng(0));
        ByteBuffer values = ByteBuffer.wrap(bytes, second + 1, bytes.length - second - 1).order(ByteOrder.LITTLE_ENDIAN);
        long expected = 0;
        for (Tensor t : c.network().parameters()) {
            expected += t.size();
        }
        if (values.remaining() != 4 * expected) {
            throw new DataException(where + ": " + values.remaining() + " bytes of weights; the architecture has "
                    + expected + " floats (" + 4 * expected + " bytes): truncated or not this classifier");
        }
        try (var noGrad = GradMode.noGrad()) {
            for (Tensor t : c.network().parameters()) {
                float[] v = new float[t.size()];
                values.asFloatBuffer().get(v);
                values.position(values.position() + 4 * v.length);
                t.assign(Tensor.of(v, t.shape()));
            }
        }
        Map<String, Object> header = Json.MAPPER.convertValue(h, new com.fasterxml.jackson.core.type.TypeReference<>() { });
        return new Classifier(c.features, c.head, c.classes, header, sha256(bytes));
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < Math.min(bytes.length, from + (1 << 20)); i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
