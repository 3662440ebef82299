package org.ganlab.experiments.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanStepFixturesTest {

    @Test
    void anotherFileOfTheSameFormatIsReadThroughTheProperty(@TempDir Path tmp) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode one = (ObjectNode) GanStepFixtures.root().deepCopy();
        one.putArray("cases").add(GanStepFixtures.cases().get(0));
        Path file = tmp.resolve("mine.json");
        Files.writeString(file, json.writeValueAsString(one));
        System.setProperty(GanStepFixtures.PROPERTY, file.toString());
        try {
            assertEquals(file.toString(), org.ganlab.testing.PytorchFixtures.source(GanStepFixtures.PROPERTY, "pytorch-gan-steps.json"));
            assertEquals(1, GanStepFixtures.cases().size());
        } finally {
            System.clearProperty(GanStepFixtures.PROPERTY);
        }
        assertEquals(8, GanStepFixtures.cases().size(), "the repository's copy, eight cases, otherwise");
    }
}
