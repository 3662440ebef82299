package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

class RngTest {

    /** SplittableRandom's float: the same top 24 bits Rng uses. */
    private static float jdkFloat(SplittableRandom r) {
        return (r.nextInt() >>> 8) * 0x1.0p-24f;
    }

    @Test
    void theSameNumbersAndSplitsAsSplittableRandom() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            Rng ours = new Rng(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong());
                assertEquals(jdkFloat(jdk), ours.nextFloat());
            }
            Rng child = ours.split();
            SplittableRandom jdkChild = jdk.split();
            Rng grandchild = child.split();
            SplittableRandom jdkGrandchild = jdkChild.split();
            for (int i = 0; i < 100; i++) {
                assertEquals(jdkChild.nextLong(), child.nextLong());
                assertEquals(jdkGrandchild.nextLong(), grandchild.nextLong());
                assertEquals(jdk.nextLong(), ours.nextLong(), "the parent goes on after splitting");
            }
        }
    }

    @Test
    void aTrackedRootKnowsEveryStreamSplitFromItInOrder() {
        Rng root = Rng.tracked(3);
        Rng a = root.split();
        Rng b = a.split();
        Rng c = root.split();
        assertEquals(java.util.List.of(root, a, b, c), root.streams());
        assertEquals(new Rng(3).split().nextLong(), Rng.tracked(3).split().nextLong(), "tracking changes no number");
        assertThrows(IllegalStateException.class, () -> new Rng(3).streams());
    }

    @Test
    void aRestoredStateContinuesTheStreamExactly() {
        Rng a = new Rng(5);
        a.nextGaussian(); // leaves a spare Gaussian in the state
        Rng.State saved = a.state();
        double[] expected = {a.nextGaussian(), a.nextGaussian(), a.nextDouble(), a.nextFloat()};
        Rng b = new Rng(5);
        b.restore(saved);
        assertEquals(expected[0], b.nextGaussian());
        assertEquals(expected[1], b.nextGaussian());
        assertEquals(expected[2], b.nextDouble());
        assertEquals((float) expected[3], b.nextFloat());
        assertThrows(IllegalArgumentException.class, () -> new Rng(5).split().restore(saved), "another stream's state");
    }
}
