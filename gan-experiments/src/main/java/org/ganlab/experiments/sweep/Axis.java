package org.ganlab.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.run.Experiment;

/**
 * One {@code --grid key=v1,v2,...}: a run flag (without its dashes) or an experiment's own option,
 * and the values it takes. The
 * {@code trick} axis takes {@code none}, {@code NAME[:k=v,...]} or {@code NAME+NAME}; since trick
 * options also use commas, a piece {@code k=v} right after a trick with options continues it.
 */
public record Axis(String key, List<String> values) {

    public static final String TRICK = "trick";
    public static final String NO_TRICK = "none";

    public Axis {
        values = List.copyOf(values);
    }

    public static Axis parse(String text, Experiment experiment) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("--grid needs key=value1,value2,..., got '" + text + "'");
        }
        String key = text.substring(0, eq).trim();
        String rest = text.substring(eq + 1);
        Flag flag = Flag.byKey(key);
        boolean option = experiment.options().stream().anyMatch(o -> o.name().equals(key));
        if (!option && (flag == null || !variable(flag) || !experiment.flags().contains(flag))) {
            throw new IllegalArgumentException("--grid: '" + key + "' is not a flag of " + experiment.name()
                    + " that a sweep can vary; allowed: " + allowedKeys(experiment));
        }
        List<String> values = new ArrayList<>();
        for (String piece : rest.split(",", -1)) {
            String v = piece.trim();
            boolean continuesTrickOptions = flag == Flag.TRICK && !values.isEmpty() && v.contains("=")
                    && !v.contains(":") && values.get(values.size() - 1).contains(":");
            if (continuesTrickOptions) {
                values.set(values.size() - 1, values.get(values.size() - 1) + "," + v);
            } else if (v.isEmpty()) {
                throw new IllegalArgumentException("--grid " + key + ": empty value in '" + rest + "'");
            } else {
                values.add(v);
            }
        }
        if (values.stream().distinct().count() != values.size()) {
            throw new IllegalArgumentException("--grid " + key + ": a value is given twice in '" + rest + "'");
        }
        return new Axis(key, values);
    }

    /**
     * The typed flag or option this axis would silently override, or null: the same key, or
     * {@code --lr-d}/{@code --lr-g} under a grid of {@code lr}, which sets both. (A fixed {@code --trick}
     * is kept in every cell, the grid's tricks added to it.)
     */
    public String overriddenBy(java.util.Set<String> typed) {
        if (!key.equals(TRICK) && typed.contains(key)) {
            return key;
        }
        if (key.equals(Flag.LR.key())) {
            for (Flag f : List.of(Flag.LR_D, Flag.LR_G)) {
                if (typed.contains(f.key())) {
                    return f.key();
                }
            }
        }
        return null;
    }

    /** Flags a grid may vary: settings but the seed (replicates vary it). */
    static boolean variable(Flag f) {
        return f.isSetting() && f != Flag.SEED;
    }

    /** The grid keys of an experiment, for messages and help: its variable flags and its own options. */
    public static String allowedKeys(Experiment e) {
        List<String> keys = new ArrayList<>(e.flags().stream().filter(Axis::variable).map(Flag::key).toList());
        e.options().forEach(o -> keys.add(o.name()));
        return String.join(", ", keys);
    }
}
