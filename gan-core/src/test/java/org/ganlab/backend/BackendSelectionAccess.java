package org.ganlab.backend;

/** Lets tests call the package-private selection rule with chosen property and environment values. */
public final class BackendSelectionAccess {

    private BackendSelectionAccess() {
    }

    public static Backend choose(String property, String environment) {
        return Backends.choose(property, environment);
    }
}
