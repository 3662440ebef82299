package org.ganlab.backend.cuda;

import java.util.Arrays;
import org.ganlab.backend.View;

/**
 * Turns gan-core's {@link View}s into the kernels' {@code ViewDesc} (view.cuh): drops unit axes and
 * merges neighbouring axes that are laid out as one, so a contiguous tensor reaches a kernel as rank 1
 * (one multiply per element instead of a division per axis), and packs shape, strides and offset into
 * the 18 ints of the struct.
 */
final class CudaViews {

    /** view.cuh's MAX_RANK. */
    static final int MAX_RANK = 8;
    /** ints in a ViewDesc: rank, offset, shape[MAX_RANK], stride[MAX_RANK]. */
    static final int DESC_INTS = 2 + 2 * MAX_RANK;

    private CudaViews() {
    }

    /** A shape with one stride array per operand that shares it. */
    record Layout(int[] shape, int[][] strides) {
        int rank() {
            return shape.length;
        }
    }

    /**
     * Merges axes d and d+1 when every operand steps over them as over one axis
     * ({@code stride[d] == stride[d+1] * shape[d+1]}); unit axes are dropped. Element order is unchanged,
     * so a kernel indexing the result row-major reads exactly what it would have read before. At least
     * rank 1 comes back.
     */
    static Layout collapse(int[] shape, int[]... strides) {
        int[] outShape = new int[Math.max(1, shape.length)];
        int[][] outStrides = new int[strides.length][outShape.length];
        int rank = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int v = 0; merge && v < strides.length; v++) {
                merge = strides[v][d] == outStrides[v][rank - 1] * outShape[rank - 1];
            }
            if (merge) {
                outShape[rank - 1] *= shape[d];
            } else {
                outShape[rank] = shape[d];
                for (int v = 0; v < strides.length; v++) {
                    outStrides[v][rank] = strides[v][d];
                }
                rank++;
            }
        }
        if (rank == 0) {  // every axis is 1: one element
            outShape[0] = 1;
            rank = 1;
        }
        // collected innermost first; reverse into row-major order
        int[] s = new int[rank];
        int[][] st = new int[strides.length][rank];
        for (int i = 0; i < rank; i++) {
            s[i] = outShape[rank - 1 - i];
            for (int v = 0; v < strides.length; v++) {
                st[v][i] = outStrides[v][rank - 1 - i];
            }
        }
        return new Layout(s, st);
    }

    /** The ViewDesc of one view. */
    static int[] desc(View view) {
        Layout layout = collapse(view.shape(), view.strides());
        return pack(layout.shape(), layout.strides()[0], view.offset());
    }

    static int[] pack(int[] shape, int[] strides, int offset) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("cuda: a view of " + shape.length + " axes that cannot be merged "
                    + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + "; kernels take at most "
                    + MAX_RANK);
        }
        int[] desc = new int[DESC_INTS];
        desc[0] = shape.length;
        desc[1] = offset;
        System.arraycopy(shape, 0, desc, 2, shape.length);
        System.arraycopy(strides, 0, desc, 2 + MAX_RANK, strides.length);
        return desc;
    }

    /**
     * A reduction as the kernels see it: the source permuted so the kept axes come first and the reduced
     * ones last, then collapsed; output {@code o} reduces logical elements {@code o*inner ..
     * o*inner+inner-1}.
     */
    record ReducePlan(int outer, int inner, int[] desc) {
    }

    static ReducePlan reducePlan(View src, int[] outShape) {
        int rank = src.rank();
        if (outShape.length != rank) {
            throw new IllegalArgumentException("cuda: reduce to rank " + outShape.length + " from rank " + rank);
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        int next = 0;
        int outer = 1;
        int inner = 1;
        for (int pass = 0; pass < 2; pass++) {  // kept axes, then reduced axes
            for (int d = 0; d < rank; d++) {
                int extent = src.shape()[d];
                if (outShape[d] != 1 && outShape[d] != extent) {
                    throw new IllegalArgumentException("cuda: cannot reduce axis " + d + " of "
                            + Arrays.toString(src.shape()) + " to " + outShape[d]);
                }
                boolean kept = outShape[d] == extent;
                if (kept == (pass == 0)) {
                    shape[next] = extent;
                    strides[next] = src.strides()[d];
                    next++;
                    if (kept) {
                        outer *= extent;
                    } else {
                        inner *= extent;
                    }
                }
            }
        }
        Layout layout = collapse(shape, strides);
        return new ReducePlan(outer, inner, pack(layout.shape(), layout.strides()[0], src.offset()));
    }
}
