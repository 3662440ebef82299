package org.ganlab.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.ganlab.nn.BatchNorm2d;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint holds a network's state, running statistics included, and gives it back bit for bit. */
class CheckpointStateTest {

    @TempDir
    Path tmp;

    @Test
    void runningStatisticsAreSavedAndRestored() {
        Sequential net = new Sequential(new Conv2d(1, 2, 3, 1, 1, true, new Rng(1)), new BatchNorm2d(2));
        net.forward(Tensor.uniform(new Rng(2), -1, 3, 4, 1, 5, 5));
        Map<String, float[]> saved = values(net);
        assertFalse(Arrays.equals(new float[] {0f, 0f}, saved.get("1.running_mean")), "the batch moved the statistics");

        Map<String, Object> identity = Map.of("test", "state");
        Checkpoints writer = new Checkpoints(tmp, 1, false, Rng.tracked(3), identity);
        RunLog log = new RunLog(tmp, 1, true);
        writer.start(Map.of("net", net), log);
        log.record(1, Map.of("loss", 1.0));
        writer.afterStep(1, 1, log);

        net.forward(Tensor.uniform(new Rng(4), -5, 5, 4, 1, 5, 5)); // moves them again
        Checkpoints reader = new Checkpoints(tmp, 1, true, Rng.tracked(3), identity);
        assertEquals(1, reader.start(Map.<String, Module>of("net", net), new RunLog(tmp, 1, true)));
        Map<String, float[]> restored = values(net);
        assertEquals(saved.keySet(), restored.keySet());
        saved.forEach((name, v) -> assertArrayEquals(v, restored.get(name), name));
    }

    private static Map<String, float[]> values(Module m) {
        Map<String, float[]> v = new java.util.LinkedHashMap<>();
        m.namedState().forEach((name, t) -> v.put(name, t.toFloatArray()));
        return v;
    }
}
