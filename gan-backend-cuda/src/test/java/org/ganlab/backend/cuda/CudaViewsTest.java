package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.ganlab.backend.View;
import org.junit.jupiter.api.Test;

class CudaViewsTest {

    /** Every logical element's storage position, as view.cuh's position() computes it from a desc. */
    static int[] positions(int[] desc, int n) {
        int rank = desc[0];
        int[] out = new int[n];
        for (int flat = 0; flat < n; flat++) {
            int pos = desc[1];
            int f = flat;
            for (int d = rank - 1; d >= 0; d--) {
                int extent = desc[2 + d];
                pos += (f % extent) * desc[2 + CudaViews.MAX_RANK + d];
                f /= extent;
            }
            out[flat] = pos;
        }
        return out;
    }

    /** The positions gan-core means by a view (ReferenceBackend's reading). */
    static int[] positions(View v) {
        int[] out = new int[v.size()];
        for (int flat = 0; flat < out.length; flat++) {
            int pos = v.offset();
            int f = flat;
            for (int d = v.rank() - 1; d >= 0; d--) {
                pos += (f % v.shape()[d]) * v.strides()[d];
                f /= v.shape()[d];
            }
            out[flat] = pos;
        }
        return out;
    }

    @Test
    void contiguousViewsBecomeRankOne() {
        int[] desc = CudaViews.desc(View.contiguous(null, 2, 3, 4));
        assertEquals(1, desc[0]);
        assertEquals(24, desc[2]);
        assertEquals(1, desc[2 + CudaViews.MAX_RANK]);
    }

    @Test
    void transposedBroadcastAndOffsetViewsKeepTheirElementOrder() {
        View[] views = {
            new View(null, new int[] {3, 4}, new int[] {1, 3}, 0),           // transposed
            new View(null, new int[] {5, 1, 3}, new int[] {0, 7, 1}, 2),     // broadcast row with a unit axis
            new View(null, new int[] {2, 3, 4}, new int[] {12, 4, 1}, 5),    // contiguous with an offset
            new View(null, new int[] {2, 3, 4}, new int[] {24, 4, 1}, 0),    // a slice: rows of a wider array
            new View(null, new int[] {}, new int[] {}, 3),                   // rank 0
            new View(null, new int[] {4, 2, 3}, new int[] {0, 0, 0}, 1),     // one element broadcast
        };
        for (View v : views) {
            int[] desc = CudaViews.desc(v);
            assertArrayEquals(positions(v), positions(desc, v.size()), v.toString());
        }
        assertEquals(2, CudaViews.desc(views[3])[0], "a slice merges its last two axes only");
    }

    @Test
    void jointCollapseMergesOnlyWhereEveryOperandAllows() {
        CudaViews.Layout layout = CudaViews.collapse(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {0, 4, 1});
        assertArrayEquals(new int[] {2, 12}, layout.shape());
        assertArrayEquals(new int[] {12, 1}, layout.strides()[0]);
        assertArrayEquals(new int[] {0, 1}, layout.strides()[1]);
    }

    @Test
    void moreThanEightUnmergeableAxesAreRefusedWithTheShape() {
        int[] shape = new int[9];
        int[] strides = new int[9];
        Arrays.fill(shape, 2);
        for (int d = 0; d < 9; d++) {
            strides[d] = 1 << (2 * (8 - d));  // gaps everywhere
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaViews.desc(new View(null, shape, strides, 0)));
        assertEquals(true, e.getMessage().contains("at most 8"), e.getMessage());
    }

    @Test
    void reducePlansPutKeptAxesFirst() {
        View src = View.contiguous(null, 2, 3, 4);
        // sum over axis 1: output [2,1,4]; output o = (i, l) reduces j
        CudaViews.ReducePlan plan = CudaViews.reducePlan(src, new int[] {2, 1, 4});
        assertEquals(8, plan.outer());
        assertEquals(3, plan.inner());
        int[] pos = positions(plan.desc(), 24);
        for (int i = 0; i < 2; i++) {
            for (int l = 0; l < 4; l++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(i * 12 + j * 4 + l, pos[(i * 4 + l) * 3 + j]);
                }
            }
        }
        CudaViews.ReducePlan all = CudaViews.reducePlan(src, new int[] {1, 1, 1});
        assertEquals(1, all.outer());
        assertEquals(24, all.inner());
        assertEquals(1, all.desc()[0], "a full reduction of a contiguous tensor reads it as one run");
        CudaViews.ReducePlan none = CudaViews.reducePlan(src, new int[] {2, 3, 4});
        assertEquals(24, none.outer());
        assertEquals(1, none.inner());
        assertThrows(IllegalArgumentException.class, () -> CudaViews.reducePlan(src, new int[] {2, 2, 4}));
    }
}
