package org.ganlab.experiments.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a run's results go and how it is shown: nothing here changes what it computes
 * ({@link RunConfig} holds that), so none of it is a run's setting in params.json.
 *
 * @param out the folder that receives the run's own new folder ({@code --out})
 * @param quiet no progress bar or summary on the terminal
 * @param runDir the run's own folder, or null for a new dated folder under {@code out}
 * @param artifacts whether to draw the pictures (plots, strip, animation); sweeps skip them
 * @param tracking where the run is also logged, or null for the run folder only
 * @param checkpointEvery steps between checkpoints in the run folder, 0 for none
 * @param resume whether the run continues from the checkpoint in {@code runDir}
 * @param capture whether a GAN's training step is recorded and replayed ({@code --capture}; the same bits either way)
 */
public record OutputSettings(Path out, boolean quiet, Path runDir, boolean artifacts, Tracking tracking,
        int checkpointEvery, boolean resume, boolean capture) {

    /**
     * An MLflow tracking server to log to.
     *
     * @param experimentName the MLflow experiment, or null for the gan-lab experiment's name
     * @param parentDir the sweep folder whose MLflow run is this run's parent, or null
     */
    public record Tracking(String uri, String experimentName, Path parentDir) {

        /** The environment variables that carry a tracking server's credentials, never a URI. */
        public static final String USERNAME = "MLFLOW_TRACKING_USERNAME";
        public static final String PASSWORD = "MLFLOW_TRACKING_PASSWORD";
        public static final String TOKEN = "MLFLOW_TRACKING_TOKEN";

        /** Refuses what is not an http(s) URI with a host, or one carrying credentials; {@code source} names where it came from. */
        public static void checkUri(String uri, String source) {
            if (uri.startsWith("http://") || uri.startsWith("https://")) {
                URI parsed = null;
                try {
                    parsed = URI.create(uri);
                } catch (IllegalArgumentException e) {
                    // reported below
                }
                if (parsed != null && parsed.getRawUserInfo() != null) { // never echoed: it may hold a password
                    throw new IllegalArgumentException(source + " must not carry credentials (user:password@host): set "
                            + USERNAME + " and " + PASSWORD + ", or " + TOKEN + ", instead");
                }
                if (parsed != null && parsed.getHost() != null) {
                    return;
                }
                throw new IllegalArgumentException(source + " is not a valid http(s) URI with a host, got '" + uri + "'");
            }
            String message = source + " must be an http(s) URI of an MLflow tracking server, got '" + uri + "'";
            if (uri.startsWith("file:") || uri.startsWith("/") || uri.matches("(sqlite|postgresql|mysql|mssql)[+\\w]*:.*")) {
                message += "; gan-lab logs through a server's REST API: serve that store with 'mlflow server "
                        + "--backend-store-uri " + uri + " --port 5000' and use http://127.0.0.1:5000";
            }
            throw new IllegalArgumentException(message);
        }
    }

    /** A new dated folder under {@code runs/}, pictures drawn, progress shown. */
    public static OutputSettings defaults() {
        return new OutputSettings(Path.of("runs"), false, null, true, null, 0, false, true);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies the settings with some changed. */
    public static final class Builder {
        public Path out;
        public boolean quiet;
        public Path runDir;
        public boolean artifacts;
        public Tracking tracking;
        public int checkpointEvery;
        public boolean resume;
        public boolean capture;

        Builder(OutputSettings o) {
            out = o.out;
            quiet = o.quiet;
            runDir = o.runDir;
            artifacts = o.artifacts;
            tracking = o.tracking;
            checkpointEvery = o.checkpointEvery;
            resume = o.resume;
            capture = o.capture;
        }

        public Builder out(Path v) {
            out = v;
            return this;
        }

        public Builder quiet(boolean v) {
            quiet = v;
            return this;
        }

        public OutputSettings build() {
            return new OutputSettings(out, quiet, runDir, artifacts, tracking, checkpointEvery, resume, capture);
        }
    }
}
