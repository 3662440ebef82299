package org.ganlab.backend.cuda;

import java.util.Arrays;
import org.ganlab.backend.View;

/**
 * How sgemm.cu computes one batched product: which kernel, and its {@code GemmArgs} (15 ints). Each
 * operand must have one unit-stride matrix axis (row-major or transposed, the layouts forward and
 * backward passes produce) and batch axes that collapse to one stride; an operand that does not is
 * copied to a contiguous buffer first ({@link #needsCopy}).
 */
record GemmPlan(Kernel kernel, int m, int n, int k, int batches, int[] args) {

    /** The tiled kernel is worth a 128×128 tile from this many rows and columns on. */
    static final int TILED_MIN = 64;
    /** gridDim.z limit: the tiled kernel is launched for at most this many batches at a time. */
    static final int MAX_GRID_Z = 65535;
    static final int ARGS = 15;
    static final int BATCH0 = 13;
    static final int BATCHES = 14;

    enum Kernel {
        TILED_NN("gemm_tiled_nn"), TILED_NT("gemm_tiled_nt"), TILED_TN("gemm_tiled_tn"), TILED_TT("gemm_tiled_tt"),
        SMALL("gemm_small");

        final Kernels.Kernel function;

        Kernel(String function) {
            this.function = Kernels.named(function);
        }
    }

    /** The plan, or null when an operand must be made contiguous first ({@link #needsCopy} says which). */
    static GemmPlan of(View a, View b) {
        int r = a.rank();
        int m = a.shape()[r - 2];
        int k = a.shape()[r - 1];
        int n = b.shape()[r - 1];
        Batch batch = batch(a, b, m, n);
        int[] sa = layout(a);
        int[] sb = layout(b);
        if (batch == null || sa == null || sb == null) {
            return null;
        }
        boolean ta = sa[0] == 1 && sa[1] != 1;  // transposed: m is the unit-stride axis
        boolean tb = sb[0] == 1 && sb[1] != 1;
        int aVec = aligned(a.offset(), batch, batch.aStride(), ta ? sa[1] : sa[0]) ? 1 : 0;
        int bVec = aligned(b.offset(), batch, batch.bStride(), tb ? sb[1] : sb[0]) ? 1 : 0;
        int[] args = {m, n, k, a.offset(), batch.aStride(), sa[0], sa[1], b.offset(), batch.bStride(), sb[0], sb[1],
            aVec, bVec, 0, batch.count()};
        Kernel kernel = m >= TILED_MIN && n >= TILED_MIN
                ? (ta ? (tb ? Kernel.TILED_TT : Kernel.TILED_TN) : (tb ? Kernel.TILED_NT : Kernel.TILED_NN))
                : Kernel.SMALL;
        return new GemmPlan(kernel, m, n, k, batch.count(), args);
    }

    /** Which operands stop {@link #of} from planning: [a, b]. */
    static boolean[] needsCopy(View a, View b) {
        int r = a.rank();
        int m = a.shape()[r - 2];
        int n = b.shape()[r - 1];
        boolean copyA = layout(a) == null;
        boolean copyB = layout(b) == null;
        if (!copyA && !copyB && batch(a, b, m, n) == null) {
            copyA = true;
            copyB = true;
        }
        return new boolean[] {copyA, copyB};
    }

    /**
     * {rowStride, colStride} of an operand's matrix axes with one of them 1, or null when neither is.
     * A unit extent's stride is free, so it becomes 1 where that helps.
     */
    static int[] layout(View v) {
        int r = v.rank();
        int rows = v.shape()[r - 2];
        int cols = v.shape()[r - 1];
        int row = v.strides()[r - 2];
        int col = v.strides()[r - 1];
        if (col == 1 || cols == 1) {
            return new int[] {row, 1};
        }
        if (row == 1 || rows == 1) {
            return new int[] {1, col};
        }
        return null;
    }

    record Batch(int count, int aStride, int bStride) {
    }

    /** The batch axes collapsed jointly with the contiguous output's; null when they do not collapse to one. */
    static Batch batch(View a, View b, int m, int n) {
        int r = a.rank();
        int[] shape = Arrays.copyOf(a.shape(), r - 2);
        int[] outStrides = View.contiguousStrides(shape);
        for (int d = 0; d < outStrides.length; d++) {
            outStrides[d] *= m * n;
        }
        CudaViews.Layout layout = CudaViews.collapse(shape, Arrays.copyOf(a.strides(), r - 2),
                Arrays.copyOf(b.strides(), r - 2), outStrides);
        if (layout.rank() != 1) {
            return null;
        }
        return new Batch(layout.shape()[0], layout.strides()[0][0], layout.strides()[1][0]);
    }

    /** float4 loads along the unit-stride axis start on 16-byte boundaries in every batch and row. */
    private static boolean aligned(int offset, Batch batch, int batchStride, int leadingStride) {
        return offset % 4 == 0 && (batch.count() == 1 || batchStride % 4 == 0) && leadingStride % 4 == 0;
    }
}
