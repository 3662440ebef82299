package org.ganlab.experiments.run;

import java.io.IOException;

/**
 * Receives every finished run (completed or diverged). Sinks are bound with a Guice Multibinder and
 * called in binding order: the run folder's files first, then anything else (a tracking server).
 */
public interface RunSink {
    void write(RunRecord record) throws IOException;
}
