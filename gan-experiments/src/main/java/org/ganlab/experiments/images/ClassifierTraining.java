package org.ganlab.experiments.images;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.data.DataException;
import org.ganlab.experiments.data.EpochSampler;
import org.ganlab.experiments.data.ImageDataSet;
import org.ganlab.loss.SoftmaxCrossEntropy;
import org.ganlab.optim.Adam;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * Trains the {@link Classifier} on a data set's training split: cross-entropy, Adam (PyTorch's
 * defaults but the learning rate), batches from epochs shuffled by the recipe's seed, the weights
 * initialised from the same seed. Deterministic on a backend whose sums have a fixed order (the CPU
 * backend's do, whatever the threads or vector width): the same recipe and data give the same file.
 */
public final class ClassifierTraining {

    private ClassifierTraining() {
    }

    /** Trains, measures the test accuracy, and writes the weights file; returns the classifier read back. */
    public static Classifier train(ImageDataSet data, Classifier.Recipe recipe, Path out, PrintStream progress)
            throws IOException {
        return train(data, recipe, data.train().count(), out, progress);
    }

    /** As {@link #train}, on the first {@code examples} training images only (tests). */
    static Classifier train(ImageDataSet data, Classifier.Recipe recipe, int examples, Path out, PrintStream progress)
            throws IOException {
        ImageDataSet.Split train = data.train();
        if (train.rows() != Classifier.SIDE || train.cols() != Classifier.SIDE) {
            throw new DataException(data.folder() + ": images are " + train.rows() + "x" + train.cols()
                    + "; the classifier takes 28x28");
        }
        int classes = Math.max(train.classes(), data.test().classes());
        Rng root = new Rng(recipe.seed());
        Classifier c = Classifier.initial(classes, root.split());
        EpochSampler sampler = new EpochSampler(examples, root.split());
        Adam adam = new Adam(c.network().parameters(), recipe.lr());
        int stepsPerEpoch = (examples + recipe.batch() - 1) / recipe.batch();
        int pixels = Classifier.SIDE * Classifier.SIDE;
        int epochs = recipe.epochs() + recipe.slowEpochs();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            adam.setLr(epoch <= recipe.epochs() ? recipe.lr() : recipe.lr() / 10); // a step decay: the last epochs settle
            double lossSum = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                // the last batch of an epoch is short, so that every epoch is one pass over the data
                int n = Math.min(recipe.batch(), examples - s * recipe.batch());
                int[] indices = sampler.next(n);
                float[] x = new float[n * pixels];
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < pixels; j++) {
                        x[i * pixels + j] = train.pixel(indices[i], j);
                    }
                    labels[i] = train.label(indices[i]);
                }
                try (MemoryScope step = MemoryScope.open()) {
                    adam.zeroGrad();
                    Tensor loss = SoftmaxCrossEntropy.apply(c.logits(Tensor.of(x, n, pixels)), labels);
                    loss.backward();
                    adam.step();
                    lossSum += loss.item();
                }
            }
            progress.printf("epoch %d of %d (lr %s): mean training loss %.4f%n", epoch, epochs, adam.lr(),
                    lossSum / stepsPerEpoch);
        }
        ImageDataSet.Split test = data.test();
        double accuracy = c.accuracy(test.scaledPixels(), test.labels());
        progress.printf("test accuracy %.4f (%d images)%n", accuracy, test.count());
        Map<String, Object> about = new LinkedHashMap<>();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", recipe.seed());
        r.put("epochs", recipe.epochs());
        r.put("lr", recipe.lr());
        r.put("then_epochs", recipe.slowEpochs());
        r.put("then_lr", recipe.lr() / 10);
        r.put("batch", recipe.batch());
        r.put("optimizer", "adam(0.9, 0.999, eps 1e-8)");
        r.put("loss", "softmax cross-entropy");
        r.put("init", "PyTorch's default");
        about.put("recipe", r);
        about.put("training_examples", examples);
        about.put("training_data_sha256", Classifier.sha256(concat(train.pixels(), train.labels())));
        about.put("test_examples", test.count());
        about.put("test_accuracy", accuracy);
        return c.save(out, about);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
