package org.ganlab.experiments.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Final results as numbers: a result is a number or an array of numbers, either straight from a run
 * or read back from {@code summary.json} (where arrays come back as lists, and NaN or infinities as
 * the strings JSON writes them as).
 */
public final class Results {

    private Results() {
    }

    public static float[] floats(Object value) {
        if (value instanceof float[] f) {
            return f;
        }
        if (value instanceof List<?> list) {
            float[] f = new float[list.size()];
            for (int i = 0; i < f.length; i++) {
                Object v = list.get(i);
                f[i] = v instanceof Number n ? n.floatValue() : Float.parseFloat(String.valueOf(v));
            }
            return f;
        }
        return null;
    }

    /** Every numeric result as name → value; arrays become {@code name_0, name_1, ...}. */
    public static Map<String, Double> flatten(Map<String, Object> results) {
        Map<String, Double> flat = new LinkedHashMap<>();
        results.forEach((name, value) -> {
            if (value instanceof Number n) {
                flat.put(name, n.doubleValue());
            } else {
                float[] f = floats(value);
                if (f != null) {
                    for (int i = 0; i < f.length; i++) {
                        flat.put(name + "_" + i, (double) f[i]);
                    }
                }
            }
        });
        return flat;
    }
}
