package org.ganlab.experiments.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed {@code --trick NAME[:key=value,...]}, before the trick's factory validates it. */
public record TrickSpec(String name, Map<String, String> options) {

    public TrickSpec {
        options = Map.copyOf(options);
    }

    public static TrickSpec parse(String text) {
        String value = text.trim();
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("--trick needs NAME[:key=value,...], got '" + text + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : value.substring(colon + 1).split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("--trick " + name + ": option '" + pair
                            + "' is not key=value (form: NAME[:key=value,...])");
                }
                String key = pair.substring(0, eq).trim();
                if (options.put(key, pair.substring(eq + 1).trim()) != null) {
                    throw new IllegalArgumentException("--trick " + name + ": option '" + key + "' given twice");
                }
            }
        }
        return new TrickSpec(name, options);
    }

    @Override
    public String toString() {
        if (options.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append(':');
        new java.util.TreeMap<>(options).forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        return sb.substring(0, sb.length() - 1);
    }
}
