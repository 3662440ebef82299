package org.ganlab.experiments;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a run as one map: every flag of the experiment that changes what it computes,
 * by its key ({@code lr-d}, {@code d-steps}, ...), implied defaults resolved, then the experiment's
 * own options. params.json, the report's settings, a sweep's fixed settings and MLflow's params are
 * all this map, so none of them can leave a setting out.
 */
public final class RunSettings {

    private RunSettings() {
    }

    public static Map<String, Object> of(Experiment e, RunConfig c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", e.name());
        for (Flag f : Flag.values()) {
            // --lr is shorthand for --lr-d and --lr-g where those exist; they are recorded instead
            boolean shorthand = f == Flag.LR && e.flags().contains(Flag.LR_D);
            if (e.flags().contains(f) && f.isSetting() && !shorthand) {
                s.put(f.key(), f.value(c));
            }
        }
        s.putAll(RunContext.options(e, c).values());
        return s;
    }
}
