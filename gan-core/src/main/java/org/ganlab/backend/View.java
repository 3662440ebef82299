package org.ganlab.backend;

import java.util.Arrays;

/**
 * How a kernel reads a buffer: element {@code (i0, i1, ...)} is at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. Broadcasting is a zero stride, a transpose
 * is swapped strides; so gan-core tells a backend exactly what to read without copying.
 */
public record View(Buffer buffer, int[] shape, int[] strides, int offset) {

    /** A contiguous, row-major view of a whole buffer. */
    public static View contiguous(Buffer buffer, int... shape) {
        return new View(buffer, shape, contiguousStrides(shape), 0);
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** True when the elements are laid out row-major without gaps (offset may be non-zero). */
    public boolean isContiguous() {
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != s) {
                return false;
            }
            s *= shape[d];
        }
        return true;
    }

    /** True when the view is its whole buffer in row-major order: element i is the buffer's element i. */
    public boolean isWholeBuffer() {
        return isContiguous() && offset == 0 && size() == buffer.size();
    }

    /** True when every element reads the same storage cell (a broadcast scalar). */
    public boolean isBroadcastScalar() {
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && strides[d] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "View" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof View v && v.buffer == buffer && v.offset == offset
                && Arrays.equals(v.shape, shape) && Arrays.equals(v.strides, strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + offset;
    }
}
