package org.ganlab.experiments.output;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.tricks.Trick;

/** {@code params.json}: the full config, the tricks as applied, the backend and versions. */
public final class ParamsFile {

    private ParamsFile() {
    }

    public static Map<String, Object> params(RunConfig c, String backend, List<Trick> tricks) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("experiment", c.experiment());
        p.put("seed", c.seed());
        p.put("steps", c.steps());
        p.put("batch", c.batch());
        p.put("lrD", c.lrD());
        p.put("lrG", c.lrG());
        p.put("optimizer", c.optimizer().cliName());
        p.put("loss", c.loss().cliName());
        p.put("snapshotEvery", c.snapshotEvery());
        p.put("backend", backend);
        List<Map<String, Object>> applied = tricks.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("settings", new java.util.TreeMap<>(t.settings()));
            return m;
        }).toList();
        p.put("tricks", applied);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("ganLab", Versions.ganLab());
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("versions", versions);
        p.put("gitCommit", Versions.gitCommit());
        p.put("startedAt", OffsetDateTime.now().toString());
        return p;
    }

    public static void write(Path dir, Map<String, Object> params) throws IOException {
        Json.write(dir.resolve("params.json"), params);
    }
}
