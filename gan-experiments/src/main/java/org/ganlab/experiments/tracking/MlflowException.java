package org.ganlab.experiments.tracking;

import java.io.IOException;

/**
 * An MLflow request failed. {@code retryable} when trying again later is safe and may succeed: the
 * server was unreachable, or answered 429 or 503.
 */
public final class MlflowException extends IOException {

    private final int status;
    private final boolean retryable;

    public MlflowException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
