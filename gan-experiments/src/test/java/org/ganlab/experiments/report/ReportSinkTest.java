package org.ganlab.experiments.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.testing.Outputs;
import org.ganlab.experiments.wiring.Gan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSinkTest {

    static final Gan GAN = new Gan();

    @TempDir
    Path out;

    /** The settings table names the backend that ran, as params.json does, where the flag was left to its default. */
    @Test
    void theReportsSettingsNameTheBackendThatRan() throws IOException {
        RunRecord r = GAN.run(GAN.get(Experiments.class).get("single-point").defaults().toBuilder().steps(3).build(),
                Outputs.quiet(out));
        String html = Files.readString(r.dir().resolve("report.html"));
        assertTrue(html.contains("<tr><th>backend</th><td>" + r.backend() + "</td></tr>"), html);
        assertFalse(html.contains("<td>null</td>"), html);
    }
}
