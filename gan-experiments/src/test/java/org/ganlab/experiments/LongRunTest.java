package org.ganlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ganlab.experiments.cli.GanCli;
import org.ganlab.experiments.output.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory does not grow with the steps: metrics stream to disk and charts read them back thinned. */
class LongRunTest {

    @TempDir
    Path tmp;

    @Test
    void twoMillionStepsOfNodesRunIn128MegabytesOfHeap() throws Exception {
        int steps = 2_000_000; // the old in-memory log needed about 800 MB for these rows
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), GanCli.class.getName(),
                "run", "nodes", "--steps", Integer.toString(steps), "--quiet", "--out", tmp.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        Path run;
        try (Stream<Path> dirs = Files.list(tmp)) {
            run = dirs.findFirst().orElseThrow();
        }
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertEquals("COMPLETED", summary.get("status").asText(), output);
        assertEquals(steps, summary.get("stepsRecorded").asLong());
        try (Stream<String> lines = Files.lines(run.resolve("metrics.csv"))) {
            assertEquals(steps + 1L, lines.count(), "a header and every step");
        }
        assertTrue(Files.size(run.resolve("params.png")) > 0 && Files.size(run.resolve("errors.png")) > 0);
    }
}
