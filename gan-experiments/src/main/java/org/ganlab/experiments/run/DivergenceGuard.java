package org.ganlab.experiments.run;

import java.util.Map;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/** Ends a run as diverged at the first NaN or infinity among its metrics or a watched network's parameters. */
final class DivergenceGuard {

    private DivergenceGuard() {
    }

    /** Every metric of a step finite. */
    static void checkFinite(int step, Map<String, ? extends Number> values) {
        values.forEach((name, value) -> {
            if (!Double.isFinite(value.doubleValue())) {
                throw new DivergedException(step, name);
            }
        });
    }

    /** Every parameter of the module finite. */
    static void checkFinite(int step, String name, Module module) {
        for (Map.Entry<String, Tensor> p : module.namedParameters().entrySet()) {
            for (float v : p.getValue().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    throw new DivergedException(step, name + " parameter " + p.getKey());
                }
            }
        }
    }
}
