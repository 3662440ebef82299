package org.ganlab.experiments.sweep;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ganlab.experiments.config.RunConfig;

/**
 * One combination of grid values, with the config its runs share (seed and folder aside).
 *
 * @param settings the grid key → value pairs, in axis order
 */
public record Cell(int index, List<Map.Entry<String, String>> settings, RunConfig config) {

    /** {@code lr=0.05 trick=weight-noise}: for tables and charts. */
    public String label() {
        return settings.isEmpty() ? "all" : settings.stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** A folder name made of the settings, safe on any file system. */
    public String folder() {
        String name = settings.stream().map(e -> e.getKey() + "-" + e.getValue()).collect(Collectors.joining("_"));
        return String.format("%03d_%s", index, name.replaceAll("[^A-Za-z0-9.+_-]", "~"));
    }

    public String value(String key) {
        return settings.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst().orElse("");
    }
}
