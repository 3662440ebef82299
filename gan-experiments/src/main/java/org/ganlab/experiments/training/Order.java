package org.ganlab.experiments.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** When G learns relative to D. */
public enum Order {
    /** {@code --d-steps} D steps, then G's step through the updated D (PyTorch's DCGAN example). */
    ALTERNATING,
    /** D's and G's gradients both taken at the same parameters, then both optimisers step. */
    SIMULTANEOUS;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Order parse(String value) {
        for (Order o : values()) {
            if (o.cliName().equalsIgnoreCase(value.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("--order must be one of " + allowed() + ", got '" + value + "'");
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Order::cliName).collect(Collectors.joining(", "));
    }
}
