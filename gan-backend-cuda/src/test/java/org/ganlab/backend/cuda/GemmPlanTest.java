package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.ganlab.backend.View;
import org.junit.jupiter.api.Test;

class GemmPlanTest {

    static View transposed(int rows, int cols) {  // a [rows, cols] view of a [cols, rows] array
        return new View(null, new int[] {rows, cols}, new int[] {1, rows}, 0);
    }

    @Test
    void eachLayoutPicksItsKernel() {
        assertEquals(GemmPlan.Kernel.TILED_NN, GemmPlan.of(View.contiguous(null, 128, 64), View.contiguous(null, 64, 96)).kernel());
        assertEquals(GemmPlan.Kernel.TILED_TN, GemmPlan.of(transposed(128, 64), View.contiguous(null, 64, 96)).kernel());
        assertEquals(GemmPlan.Kernel.TILED_NT, GemmPlan.of(View.contiguous(null, 128, 64), transposed(64, 96)).kernel());
        assertEquals(GemmPlan.Kernel.TILED_TT, GemmPlan.of(transposed(128, 64), transposed(64, 96)).kernel());
        assertEquals(GemmPlan.Kernel.SMALL, GemmPlan.of(View.contiguous(null, 1, 4), View.contiguous(null, 4, 3)).kernel());
        assertEquals(GemmPlan.Kernel.SMALL, GemmPlan.of(View.contiguous(null, 512, 64), View.contiguous(null, 64, 1)).kernel());
    }

    @Test
    void argumentsFollowSgemmCuGemmArgs() {
        GemmPlan plan = GemmPlan.of(new View(null, new int[] {2, 128, 64}, new int[] {8192, 64, 1}, 4),
                new View(null, new int[] {2, 64, 96}, new int[] {0, 1, 64}, 0));  // b: one transposed matrix, broadcast
        // m n k | aOffset aBatch aRow aCol | bOffset bBatch bRow bCol | aVec bVec | batch0 batches
        assertArrayEquals(new int[] {128, 96, 64, 4, 8192, 64, 1, 0, 0, 1, 64, 1, 1, 0, 2}, plan.args());
        assertEquals(GemmPlan.ARGS, plan.args().length);
    }

    @Test
    void misalignedOperandsLoadElementByElement() {
        GemmPlan offset = GemmPlan.of(new View(null, new int[] {128, 64}, new int[] {64, 1}, 3), View.contiguous(null, 64, 128));
        assertEquals(0, offset.args()[11]);
        assertEquals(1, offset.args()[12]);
        GemmPlan oddRows = GemmPlan.of(View.contiguous(null, 128, 63), View.contiguous(null, 63, 127));
        assertEquals(0, oddRows.args()[11]);
        assertEquals(0, oddRows.args()[12]);
    }

    @Test
    void operandsWithoutAUnitStrideAxisAreCopiedFirst() {
        View strided = new View(null, new int[] {8, 8}, new int[] {16, 2}, 0);  // every other column
        View plain = View.contiguous(null, 8, 8);
        assertNull(GemmPlan.of(strided, plain));
        assertArrayEquals(new boolean[] {true, false}, GemmPlan.needsCopy(strided, plain));
        assertArrayEquals(new boolean[] {false, true}, GemmPlan.needsCopy(plain, strided));
    }

    @Test
    void batchAxesCollapseOrBothOperandsAreCopied() {
        // [2,3] batches of contiguous matrices collapse to 6
        GemmPlan plan = GemmPlan.of(View.contiguous(null, 2, 3, 4, 5), View.contiguous(null, 2, 3, 5, 6));
        assertEquals(6, plan.batches());
        // batch axes permuted: no single batch stride
        View permuted = new View(null, new int[] {2, 3, 4, 5}, new int[] {20, 40, 5, 1}, 0);
        assertNull(GemmPlan.of(permuted, View.contiguous(null, 2, 3, 5, 6)));
        assertArrayEquals(new boolean[] {true, true}, GemmPlan.needsCopy(permuted, View.contiguous(null, 2, 3, 5, 6)));
    }
}
