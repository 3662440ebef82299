package org.ganlab.experiments.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void tickLabelsHaveALeadingZeroAndNoTrailingOnes() {
        assertEquals("0.08", Charts.number(0.08));
        assertEquals("0.2", Charts.number(0.2));
        assertEquals("1", Charts.number(1.0));
        assertEquals("-0.5", Charts.number(-0.5));
        assertEquals("1500", Charts.number(1500));
        assertEquals("0", Charts.number(-0.0));
        assertEquals("0.3", Charts.number(0.1 + 0.2), "six significant digits hide binary noise");
        assertEquals("0.000012", Charts.number(1.2e-5));
    }
}
