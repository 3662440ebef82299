package org.ganlab.experiments.io;

import java.util.Map;

/** Recorded metrics read back by column, for charts. */
@FunctionalInterface
public interface Columns {

    /** The named columns (each in step order) thinned to at most about {@code maxRows} rows: every k-th, and the last. */
    Map<String, double[]> columns(int maxRows, String... names);
}
