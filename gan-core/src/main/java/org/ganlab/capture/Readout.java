package org.ganlab.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/**
 * What a step reports, as one-element tensors until it ends, and how their values make its result.
 * A step reads nothing back while it runs, so that a captured replay, which runs no host code of
 * the step, can read the same values after it and build the same result.
 */
public final class Readout<T> {

    private final List<Tensor> values;
    private final Function<float[], T> result;

    private Readout(List<Tensor> values, Function<float[], T> result) {
        this.values = List.copyOf(values);
        this.result = result;
        for (Tensor v : this.values) {
            if (v.size() != 1) {
                throw new ShapeException("readout: a reported value must have one element, got shape " + v.shapeString());
            }
        }
    }

    /** The result {@code result} makes of the values of {@code values}, in their order. */
    public static <T> Readout<T> of(List<Tensor> values, Function<float[], T> result) {
        return new Readout<>(values, result);
    }

    /** A result that needs no value. */
    public static <T> Readout<T> constant(T value) {
        return new Readout<>(List.of(), v -> value);
    }

    /** This readout's result, then {@code next} applied to it, with the same values. */
    public <R> Readout<R> map(Function<T, R> next) {
        return new Readout<>(values, result.andThen(next));
    }

    /** Both readouts' values in one, and {@code both} of their results. */
    public <U, R> Readout<R> with(Readout<U> other, java.util.function.BiFunction<T, U, R> both) {
        List<Tensor> all = new ArrayList<>(values);
        all.addAll(other.values);
        int n = values.size();
        return new Readout<>(all, v -> both.apply(result.apply(java.util.Arrays.copyOfRange(v, 0, n)),
                other.result.apply(java.util.Arrays.copyOfRange(v, n, v.length))));
    }

    /** Reads the values back and makes the result. */
    public T read() {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).item();
        }
        return result.apply(v);
    }

    List<Tensor> values() {
        return values;
    }

    T result(float[] v) {
        return result.apply(v);
    }
}
