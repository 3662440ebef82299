package org.ganlab.experiments.testing;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.ganlab.experiments.step.Draws;
import org.ganlab.tensor.Tensor;

/**
 * The random draws of a recorded step, handed out by purpose in the order the step asks for them;
 * asking for one that was not recorded, or of another shape, fails the test.
 */
final class RecordedDraws implements Draws {

    private final Map<String, Queue<Tensor>> queues = new HashMap<>();

    void add(String purpose, Tensor value) {
        queues.computeIfAbsent(purpose, p -> new ArrayDeque<>()).add(value);
    }

    /** Fails unless every recorded draw was used. */
    void assertAllUsed(String where) {
        queues.forEach((purpose, q) -> {
            if (!q.isEmpty()) {
                throw new AssertionError(where + ": " + q.size() + " recorded '" + purpose + "' draws were not used");
            }
        });
    }

    private Tensor next(String purpose, int[] shape) {
        Queue<Tensor> q = queues.get(purpose);
        if (q == null || q.isEmpty()) {
            throw new AssertionError("the step asked for a '" + purpose + "' draw the fixture does not have");
        }
        Tensor t = q.remove();
        if (!Arrays.equals(t.shape(), shape)) {
            throw new AssertionError("'" + purpose + "' draw of shape " + Arrays.toString(shape) + ", recorded "
                    + t.shapeString());
        }
        return t;
    }

    @Override
    public Tensor normal(String purpose, float std, int... shape) {
        return next(purpose, shape);
    }

    @Override
    public Tensor uniform(String purpose, float low, float high, int... shape) {
        return next(purpose, shape);
    }
}
