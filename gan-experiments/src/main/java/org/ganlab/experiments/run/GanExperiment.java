package org.ganlab.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Charts;
import org.ganlab.experiments.step.GanSpec;

/**
 * An experiment that trains a GAN through the shared step ({@link RunContext#ganTraining}): what its
 * networks are like is fixed when it is made, so losses and tricks are checked against it, and it
 * draws the losses every GAN run has.
 */
public abstract class GanExperiment implements Experiment {

    private final GanSpec spec;

    protected GanExperiment(GanSpec spec) {
        this.spec = spec;
    }

    @Override
    public final GanSpec gan() {
        return spec;
    }

    /** D's and G's losses over the steps ({@code losses.png}). */
    public static Artifact lossesChart(RunLog log, Path dir, String yLabel, String caption) throws IOException {
        return Charts.metrics(log, dir, "losses.png", "Losses", yLabel, caption, "d_loss", "g_loss");
    }
}
