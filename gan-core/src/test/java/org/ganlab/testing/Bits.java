package org.ganlab.testing;

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
}
