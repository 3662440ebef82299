package org.ganlab.tensor;

import java.util.Arrays;

/** Shape arithmetic: sizes, NumPy broadcasting, axis normalisation. */
public final class Shapes {

    private Shapes() {
    }

    /** The element count; a shape of more than {@link Integer#MAX_VALUE} elements fails with its size. */
    public static int size(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
            if (n > Integer.MAX_VALUE) {
                double all = 1;
                for (int d : shape) {
                    all *= d;
                }
                throw new TensorTooLargeException(String.format(java.util.Locale.ROOT,
                        "a tensor of shape %s has %,.0f elements; one tensor holds at most %,d", toString(shape), all,
                        Integer.MAX_VALUE));
            }
        }
        return (int) n;
    }

    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** The NumPy broadcast of two shapes; fails naming {@code op} and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + toString(a) + " and " + toString(b)
                        + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Axis in {@code [-rank, rank)} to {@code [0, rank)}. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new ShapeException(op + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    static void checkDims(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new ShapeException(op + ": negative dimension in shape " + toString(shape));
            }
        }
    }
}
