package org.ganlab.experiments.run;

import java.util.Locale;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.tensor.Shapes;
import org.ganlab.tensor.TensorTooLargeException;

/**
 * Refuses, when a run is planned and before anything is written, a run whose tensors cannot exist:
 * one over a tensor's limit of 2³¹ − 1 elements, or more than the Java heap holds even at the least
 * the run needs. What fits these checks can still run out of memory later; then the run ends as a
 * user error naming the heap, with its folder marked FAILED.
 */
public final class Sizes {

    private Sizes() {
    }

    /** Every shape within one tensor's limit; else the message names it and what to lower. */
    public static void requireFits(Experiment e, RunConfig c, int[]... shapes) {
        for (int[] shape : shapes) {
            try {
                Shapes.size(shape);
            } catch (TensorTooLargeException tooLarge) {
                throw new IllegalArgumentException(tooLarge.getMessage() + " (" + sizes(e, c)
                        + "); lower --batch or the network's size");
            }
        }
    }

    /** At least {@code floats} floats held at once (a lower bound of what the run needs) within the Java heap. */
    public static void requireHeap(Experiment e, RunConfig c, double floats) {
        long heap = Runtime.getRuntime().maxMemory();
        double bytes = 4 * floats;
        if (bytes > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs at least %,.0f MiB of tensors, more "
                    + "than the %,d MiB of Java heap; lower --batch or the network's size, or give Java more heap "
                    + "(GAN_JAVA_OPTS=-Xmx8g)", sizes(e, c), bytes / (1 << 20), heap >> 20));
        }
    }

    static String sizes(Experiment e, RunConfig c) {
        return (e.flags().contains(Flag.BATCH) ? "--batch " + c.batch() + " with " : "") + "this network";
    }
}
