package org.ganlab.experiments.tracking;

/** A real MLflow tracking server for tests; stop and start keep its data, so a test can take it away and back. */
public interface MlflowServer {

    String uri();

    /** Makes the server unreachable (its runs and artifacts are kept). */
    void stop() throws Exception;

    /** Makes it reachable again at the same URI, with the same data. */
    void start() throws Exception;
}
