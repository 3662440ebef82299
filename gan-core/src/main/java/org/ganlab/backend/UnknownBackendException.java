package org.ganlab.backend;

/** A backend was asked for by a name that no provider on the classpath has, or that is unavailable. */
public class UnknownBackendException extends IllegalArgumentException {

    public UnknownBackendException(String message) {
        super(message);
    }
}
