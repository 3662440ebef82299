package org.ganlab.experiments.tracking;

import java.io.IOException;

/** An MLflow request failed, and whether waiting, fixing the credentials, or neither can help. */
public final class MlflowException extends IOException {

    /** Why it failed. */
    public enum Kind {
        /** The server was unreachable, or answered 429 or 503: trying again later is safe and may succeed. */
        UNAVAILABLE,
        /** 401, 403, or a certificate not trusted: only other credentials or trust settings help. */
        CREDENTIALS,
        /** Anything else the server refused. */
        FAILED
    }

    private final int status;
    private final Kind kind;

    public MlflowException(String message, int status, Kind kind, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.kind = kind;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return kind == Kind.UNAVAILABLE;
    }

    public Kind kind() {
        return kind;
    }
}
