package org.ganlab.experiments.output;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.Flag;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.RunContext;
import org.ganlab.experiments.RunSettings;
import org.ganlab.experiments.training.GanStep;
import org.ganlab.experiments.tricks.Trick;

/**
 * {@code params.json}: the run's settings ({@link RunSettings}), the backend that ran it, the tricks
 * and optimisers with every setting they applied (defaults included), and versions.
 */
public final class ParamsFile {

    private ParamsFile() {
    }

    public static Map<String, Object> params(Experiment e, RunConfig c, String backend, List<Trick> tricks) {
        Map<String, Object> p = new LinkedHashMap<>(RunSettings.of(e, c));
        p.put("backend", backend);
        if (e.flags().contains(Flag.TRICK)) {
            p.put("tricks", tricks.stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("settings", new java.util.TreeMap<>(t.settings()));
                return m;
            }).toList());
        }
        if (e.flags().contains(Flag.OPTIMIZER)) {
            Map<String, Object> optimizers = new LinkedHashMap<>();
            optimizers.put("d", GanStep.discriminatorOptimizerSpec(RunContext.discriminatorOptimizerSpec(c), tricks).describe());
            if (e.gan() != null) {
                optimizers.put("g", RunContext.generatorOptimizerSpec(c).describe());
            }
            p.put("optimizers", optimizers);
        }
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
