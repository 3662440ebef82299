package org.ganlab.experiments.tracking;

/** MLflow's limits on one {@code runs/log-batch} request. */
final class MlflowLimits {

    static final int METRICS_PER_BATCH = 1000;
    static final int PARAMS_PER_BATCH = 100;
    static final int TAGS_PER_BATCH = 100;
    /** Requests stay well under MLflow's 1 MB; a metric is about 100 bytes of JSON. */
    static final int MAX_BATCH_BYTES = 900_000;
    static final int MAX_PARAM_VALUE = 6000;
    static final int MAX_TAG_VALUE = 8000;

    private MlflowLimits() {
    }
}
