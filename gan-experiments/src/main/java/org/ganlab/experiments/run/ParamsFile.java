package org.ganlab.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.io.Versions;

/**
 * {@code params.json}: the run's settings ({@link RunPlan#settings}), the backend that ran it, the tricks
 * and optimisers with every setting they applied (defaults included), and versions.
 */
public final class ParamsFile {

    private ParamsFile() {
    }

    public static Map<String, Object> params(RunPlan plan, String backend) {
        Experiment e = plan.experiment();
        Map<String, Object> p = new LinkedHashMap<>(plan.settings());
        p.put("backend", backend);
        if (e.flags().contains(Flag.TRICK)) {
            p.put("tricks", plan.tricks().stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("settings", new java.util.TreeMap<>(t.settings()));
                return m;
            }).toList());
        }
        if (e.flags().contains(Flag.OPTIMIZER)) {
            Map<String, Object> optimizers = new LinkedHashMap<>();
            optimizers.put("d", plan.trainedDOptimizer().describe());
            if (e.gan() != null) {
                optimizers.put("g", plan.gOptimizer().describe());
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
