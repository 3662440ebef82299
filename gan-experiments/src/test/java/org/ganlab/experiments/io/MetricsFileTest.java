package org.ganlab.experiments.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {

    @TempDir
    Path tmp;

    private static Map<String, Double> row(int step, double loss) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("step", (double) step);
        row.put("loss", loss);
        return row;
    }

    @Test
    void rowsAreOnDiskAsRecordedAndComeBackExactly() throws IOException {
        Path file = tmp.resolve("metrics.csv");
        try (MetricsFile m = new MetricsFile(file)) {
            m.append(row(1, 0.27343112f));
            m.append(row(2, 0.1)); // a double that is no float keeps its double text
            m.flush();
            assertEquals("step,loss\n1,0.27343112\n2,0.1\n", Files.readString(file));
            double[] loss = m.read(10, "loss").get("loss");
            assertEquals((double) 0.27343112f, loss[0], 0.0, "the float itself, not the decimal 0.27343112");
        }
    }

    @Test
    void aThinnedReadTakesEveryKthRowAndTheLast() {
        try (MetricsFile m = new MetricsFile(tmp.resolve("metrics.csv"))) {
            for (int s = 1; s <= 10; s++) {
                m.append(row(s, s * 0.5));
            }
            assertArrayEquals(new double[] {1, 4, 7, 10}, m.read(4, "step").get("step"), "stride 3 ends on the last");
            assertArrayEquals(new double[] {1, 5, 9, 10}, m.read(3, "step").get("step"), "stride 4, and the last");
            assertEquals(10, m.read(100, "step", "loss").get("loss").length);
        }
    }

    @Test
    void aMetricFirstRecordedLateIsRefused() {
        try (MetricsFile m = new MetricsFile(tmp.resolve("metrics.csv"))) {
            m.append(row(1, 1));
            Map<String, Double> late = row(2, 1);
            late.put("extra", 3.0);
            assertThrows(IllegalStateException.class, () -> m.append(late));
        }
    }
}
