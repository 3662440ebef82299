package org.ganlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

class EpochSamplerTest {

    @Test
    void everyEpochIsAPermutationAndBatchesCrossEpochs() {
        EpochSampler s = new EpochSampler(10, new Rng(1));
        int[] first = s.next(10);
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(sorted, first), "shuffled");
        int[] crossing = s.next(15); // the whole second epoch and half the third
        assertEquals(2, s.epoch());
        int[] second = Arrays.copyOf(crossing, 10);
        Arrays.sort(second);
        assertArrayEquals(sorted, second);
        assertFalse(Arrays.equals(first, Arrays.copyOf(crossing, 10)), "each epoch its own order");
    }

    @Test
    void theSameStreamGivesTheSameBatchesAndAResumedSamplerContinuesExactly() {
        EpochSampler a = new EpochSampler(7, new Rng(5));
        EpochSampler b = new EpochSampler(7, new Rng(5));
        assertArrayEquals(a.next(11), b.next(11));
        EpochSampler.State saved = a.state();
        int[] expected = a.next(20);
        EpochSampler resumed = new EpochSampler(7, new Rng(99));
        resumed.restore(saved);
        assertArrayEquals(expected, resumed.next(20));
        assertEquals(a.epoch(), resumed.epoch());
    }
}
