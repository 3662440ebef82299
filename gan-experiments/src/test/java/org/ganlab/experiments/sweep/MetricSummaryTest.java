package org.ganlab.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ganlab.experiments.cli.GanCliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps report numeric results as mean ± standard error with a 95 % t interval. */
class MetricSummaryTest {

    @TempDir
    Path out;

    @Test
    void meanStandardErrorAndStudentInterval() {
        MetricSummary m = MetricSummary.of(new double[] {1, 2, 3, 4, 5}, 0.95);
        assertEquals(5, m.n());
        assertEquals(3.0, m.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5) / Math.sqrt(5), m.standardError(), 1e-12);
        // t(4) at 0.975 is 2.776445...
        assertEquals(3 - 2.7764451051977987 * Math.sqrt(0.5), m.low(), 1e-9);
        assertEquals(3 + 2.7764451051977987 * Math.sqrt(0.5), m.high(), 1e-9);
        MetricSummary one = MetricSummary.of(new double[] {7}, 0.95);
        assertEquals(7.0, one.mean());
        assertTrue(Double.isNaN(one.standardError()) && Double.isNaN(one.low()), "one run: no error, no interval");
    }

    @Test
    void aMixtureSweepReportsItsMetricsInTheMarkdownCsvAndCharts() throws Exception {
        GanCliTest.Result r = GanCliTest.gan("sweep", "ring", "--seeds", "2", "--steps", "20", "--hidden", "8",
                "--snapshot-every", "10", "--quiet", "--out", out.toString(), "--grid", "modes=2,4");
        assertEquals(0, r.exit(), r.err());
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("| modes_covered | high_quality_fraction | reverse_kl |"), md);
        assertTrue(md.contains("mean ± standard error (95 % t interval)"), md);
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertTrue(csv.get(0).contains("mean_modes_covered,se_modes_covered,ci_low_modes_covered,ci_high_modes_covered"),
                csv.get(0));
        for (String metric : List.of("modes_covered", "high_quality_fraction", "reverse_kl")) {
            assertTrue(Files.size(out.resolve("sweep-" + metric + ".png")) > 1000, metric);
        }
    }

    @Test
    void anIntervalOfABoundedMetricStaysInItsRange() {
        MetricSummary free = MetricSummary.of(new double[] {0, 0, 0.01}, 0.95);
        assertTrue(free.low() < 0, "the plain t interval of a fraction near 0 reaches below it: " + free.low());
        MetricSummary clipped = MetricSummary.of(new double[] {0, 0, 0.01}, 0.95, 0, 1);
        assertEquals(0, clipped.low());
        assertEquals(free.high(), clipped.high());
        assertEquals(free.mean(), clipped.mean());
    }

    /** What a ring sweep's report says: its success, no constant column, intervals that say they are clipped. */
    @Test
    void aRingSweepSaysWhatSuccessIsAndKeepsConstantsOutOfTheTable() throws Exception {
        GanCliTest.Result r = GanCliTest.gan("sweep", "ring", "--seeds", "2", "--steps", "20", "--hidden", "8",
                "--snapshot-every", "10", "--quiet", "--out", out.toString(), "--grid", "trick=none,r1");
        assertEquals(0, r.exit(), r.err());
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("success: every mode covered") && !md.contains("thresholds {}"), md);
        assertTrue(md.contains("intervals clipped to each metric's range: modes_covered ≥ 0, high_quality_fraction [0, 1]"),
                md);
        assertFalse(md.contains("median modes |"), md);
        assertTrue(md.contains("The same in every cell (medians): ") && md.contains("modes 8.00000"), md);
        for (String line : Files.readAllLines(out.resolve("sweep.csv")).subList(1, 3)) {
            assertFalse(line.contains(",-"), "no interval below 0 in a ring sweep's results: " + line);
        }
    }
}
