package org.ganlab.experiments.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the image GANs' end-to-end tests read of their run folders. */
final class ImageRuns {

    private ImageRuns() {
    }

    /** The one run folder under {@code out}. */
    static Path only(Path out) throws Exception {
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.findFirst().orElseThrow();
        }
    }

    /** summary.json's results, without the settings block (which names display flags). */
    static JsonNode results(Path run) throws Exception {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("results");
    }

    /** A resumed run's metrics, summary and samples are the uninterrupted run's, byte for byte. */
    static void assertSameRun(Path whole, Path resumed) throws Exception {
        assertEquals(Files.readString(whole.resolve("metrics.csv")), Files.readString(resumed.resolve("metrics.csv")));
        assertEquals(Files.readString(whole.resolve("summary.json")), Files.readString(resumed.resolve("summary.json")));
        assertEquals(-1, Files.mismatch(whole.resolve("samples-idx3-ubyte"), resumed.resolve("samples-idx3-ubyte")));
    }

    /** Two runs' metrics, results and samples are the same (snapshots changed nothing). */
    static void assertSameResults(Path a, Path b) throws Exception {
        assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
        assertEquals(results(a), results(b));
        assertEquals(-1, Files.mismatch(a.resolve("samples-idx3-ubyte"), b.resolve("samples-idx3-ubyte")));
    }
}
