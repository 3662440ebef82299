package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A trick's options: the user's values over the factory's defaults, with typed getters whose errors
 * name the trick, the option and what is allowed.
 */
public final class TrickOptions {

    private final String trick;
    private final Map<String, String> values;

    public TrickOptions(String trick, Map<String, String> defaults, Map<String, String> given) {
        this.trick = trick;
        for (String key : given.keySet()) {
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException("--trick " + trick + ": unknown option '" + key + "'; allowed: "
                        + (defaults.isEmpty() ? "none" : String.join(", ", defaults.keySet())));
            }
        }
        this.values = new LinkedHashMap<>(defaults);
        this.values.putAll(given);
    }

    public double number(String key) {
        String v = values.get(key);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    public double number(String key, double min, double max) {
        double d = number(key);
        if (d < min || d > max) {
            throw invalid(key, values.get(key), "a number in [" + min + ", " + max + "]");
        }
        return d;
    }

    public int positiveInt(String key) {
        String v = values.get(key);
        try {
            int i = Integer.parseInt(v);
            if (i >= 1) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, v, "a whole number >= 1");
    }

    public boolean bool(String key) {
        String v = values.get(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw invalid(key, v, "true or false");
    }

    public String choice(String key, Set<String> allowed) {
        String v = values.get(key);
        if (!allowed.contains(v)) {
            throw invalid(key, v, "one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return v;
    }

    private IllegalArgumentException invalid(String key, String value, String allowed) {
        return new IllegalArgumentException("--trick " + trick + ": " + key + " must be " + allowed + ", got '" + value + "'");
    }
}
