package org.ganlab.experiments;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimisers a run can use, by their command-line names. */
public enum OptimizerKind {
    SGD, ADAM, ADAMW, RMSPROP;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OptimizerKind parse(String value) {
        for (OptimizerKind k : values()) {
            if (k.cliName().equalsIgnoreCase(value.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("--optimizer must be one of " + allowed() + ", got '" + value + "'");
    }

    public static String allowed() {
        return Arrays.stream(values()).map(OptimizerKind::cliName).collect(Collectors.joining(", "));
    }
}
