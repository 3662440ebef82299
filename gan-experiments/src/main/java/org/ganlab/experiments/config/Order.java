package org.ganlab.experiments.config;

/** When G learns relative to D. */
public enum Order implements Choice {
    /** {@code --d-steps} D steps, then G's step through the updated D (PyTorch's DCGAN example). */
    ALTERNATING,
    /** D's and G's gradients both taken at the same parameters, then both optimisers step. */
    SIMULTANEOUS;

    public static Order parse(String value) {
        return Choice.parse("--order", Order.class, value);
    }

    public static String allowed() {
        return String.join(", ", Choice.names(Order.class));
    }
}
