package org.ganlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ganlab.tensor.Tensor;

/** Float values as their bit patterns, for comparisons that must be exact (NaN payloads and −0 included). */
public final class Bits {

    private Bits() {
    }

    public static int[] of(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Asserts that two collections of tensors hold the same bits, tensor by tensor (null only where the other is null). */
    public static void assertSame(String what, Collection<Tensor> expected, Collection<Tensor> actual) {
        List<Tensor> x = new ArrayList<>(expected);
        List<Tensor> y = new ArrayList<>(actual);
        assertEquals(x.size(), y.size(), what);
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) == null || y.get(i) == null) {
                assertEquals(x.get(i) == null, y.get(i) == null, what + " " + i);
                continue;
            }
            assertArrayEquals(of(x.get(i).toFloatArray()), of(y.get(i).toFloatArray()), what + " " + i);
        }
    }
}
