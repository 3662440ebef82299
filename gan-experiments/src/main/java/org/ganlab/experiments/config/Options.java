package org.ganlab.experiments.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named options as text, the user's values over the declared defaults, with typed getters whose
 * errors name the option and what is allowed: a trick's options ({@code --trick NAME:key=value})
 * and an experiment's own options ({@code --key value}).
 */
public final class Options {

    private final String trick;
    private final Map<String, String> values;

    /**
     * @param trick the trick whose options these are, or null for an experiment's
     * @throws IllegalArgumentException for a given option that is not declared
     */
    public Options(String trick, Map<String, String> defaults, Map<String, String> given) {
        this.trick = trick;
        for (String key : given.keySet()) {
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException((trick != null ? "--trick " + trick + ": unknown option '" + key + "'"
                        : "unknown option --" + key) + "; allowed: "
                        + (defaults.isEmpty() ? "none" : String.join(", ", defaults.keySet())));
            }
        }
        this.values = new LinkedHashMap<>(defaults);
        this.values.putAll(given);
    }

    /** Every option's value, defaults included, in declaration order. */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public String text(String key) {
        return values.get(key);
    }

    public double number(String key) {
        return Numbers.number(name(key), values.get(key));
    }

    public double number(String key, double min, double max) {
        return Numbers.number(name(key), values.get(key), min, max);
    }

    public int positiveInt(String key) {
        return wholeNumber(key, 1);
    }

    /** A whole number >= {@code min}. */
    public int wholeNumber(String key, int min) {
        return Numbers.wholeNumber(name(key), values.get(key), min);
    }

    /** A whole number in [min, max]. */
    public int wholeNumber(String key, int min, int max) {
        return Numbers.wholeNumber(name(key), values.get(key), min, max);
    }

    public boolean bool(String key) {
        String v = values.get(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw Numbers.invalid(name(key), v, "true or false");
    }

    public String choice(String key, Set<String> allowed) {
        String v = values.get(key);
        if (!allowed.contains(v)) {
            throw Numbers.invalid(name(key), v, "one of " + String.join(", ", new TreeSet<>(allowed)));
        }
        return v;
    }

    /** How messages name an option: {@code --trick r1: gamma} or {@code --hidden}. */
    private String name(String key) {
        return trick != null ? "--trick " + trick + ": " + key : "--" + key;
    }
}
