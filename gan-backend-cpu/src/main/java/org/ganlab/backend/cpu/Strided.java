package org.ganlab.backend.cpu;

import org.ganlab.backend.View;

/** Reads strided views row-major. Kernels run on contiguous arrays; anything else is gathered first. */
final class Strided {

    private Strided() {
    }

    static float[] data(View v) {
        return ((CpuBuffer) v.buffer()).data();
    }

    /** The view's elements in row-major order, copied into {@code dst} from {@code dstOffset}. */
    static void gather(View v, float[] dst, int dstOffset) {
        float[] src = data(v);
        int rank = v.rank();
        if (rank == 0) {
            dst[dstOffset] = src[v.offset()];
            return;
        }
        int[] shape = v.shape();
        int[] strides = v.strides();
        int n = v.size();
        int last = shape[rank - 1];
        int lastStride = strides[rank - 1];
        int[] index = new int[rank];
        int base = v.offset();
        for (int o = 0; o < n; o += last) {
            for (int j = 0, p = base; j < last; j++, p += lastStride) {
                dst[dstOffset + o + j] = src[p];
            }
            base = advance(shape, strides, index, rank - 2, base);
        }
    }

    /**
     * Steps an odometer over axes {@code 0..top} and returns the moved base offset: the innermost
     * axis counts up, carrying into outer ones.
     */
    static int advance(int[] shape, int[] strides, int[] index, int top, int base) {
        for (int d = top; d >= 0; d--) {
            base += strides[d];
            if (++index[d] < shape[d]) {
                return base;
            }
            base -= strides[d] * shape[d];
            index[d] = 0;
        }
        return base;
    }

    /**
     * The length of the contiguous block the view repeats: its size when it is contiguous; p when it
     * is a contiguous block of p elements repeated along leading axes with stride 0 (a broadcast bias
     * row); 0 when it is neither.
     */
    static int period(View v) {
        int[] shape = v.shape();
        int[] strides = v.strides();
        int d = shape.length - 1;
        int expected = 1;
        while (d >= 0 && (shape[d] == 1 || strides[d] == expected)) {
            expected *= shape[d];
            d--;
        }
        int period = expected;
        for (; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != 0) {
                return 0;
            }
        }
        return period;
    }

    /** The array to read, contiguous from {@link #offset}: the view's own storage, or a gathered copy. */
    static float[] contiguousData(View v) {
        if (v.isContiguous()) {
            return data(v);
        }
        float[] copy = new float[v.size()];
        gather(v, copy, 0);
        return copy;
    }

    static int offset(View v) {
        return v.isContiguous() ? v.offset() : 0;
    }
}
