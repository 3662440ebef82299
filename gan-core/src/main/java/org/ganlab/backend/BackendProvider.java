package org.ganlab.backend;

/**
 * Registers a backend with {@link java.util.ServiceLoader}: one line naming the implementation in
 * {@code META-INF/services/org.ganlab.backend.BackendProvider}. Keep it tiny; load native code only
 * in {@link #create()} (or lazily in {@link #isAvailable()}), never in the constructor.
 */
public interface BackendProvider {

    /** Short lower-case name users select it by, e.g. {@code cpu}. */
    String name();

    /** Among available backends the highest priority is the default. */
    int priority();

    /** False when this machine cannot run it (no driver, no device). */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false; empty when it is available. */
    default String unavailableReason() {
        return "";
    }

    Backend create();
}
