package org.ganlab.experiments.testing;

import java.nio.file.Path;
import org.ganlab.experiments.config.OutputSettings;

/** Where a test's runs go. */
public final class Outputs {

    private Outputs() {
    }

    /** A new run folder under {@code out}, nothing on the terminal, pictures drawn. */
    public static OutputSettings quiet(Path out) {
        return OutputSettings.defaults().toBuilder().out(out).quiet(true).build();
    }

    /** As {@link #quiet}, without pictures, as sweeps run. */
    public static OutputSettings noPictures(Path out) {
        OutputSettings.Builder b = OutputSettings.defaults().toBuilder().out(out).quiet(true);
        b.artifacts = false;
        return b.build();
    }
}
