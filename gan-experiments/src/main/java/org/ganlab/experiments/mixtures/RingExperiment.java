package org.ganlab.experiments.mixtures;

import java.util.List;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Options;

/** 8 Gaussians on a circle of radius 2, std 0.02 (the unrolled-GAN, VEEGAN and PacGAN ring). */
public final class RingExperiment extends MixtureExperiment {

    @Override
    public String name() {
        return "ring";
    }

    @Override
    public String description() {
        return "mode collapse: 8 Gaussians on a circle of radius 2 (std 0.02); success: every mode covered";
    }

    @Override
    protected List<ExperimentOption> mixtureOptions() {
        return List.of(new ExperimentOption("modes", "8", "modes on the circle, at angles 2*pi*i/modes"),
                new ExperimentOption("radius", "2", "the circle's radius"),
                new ExperimentOption("std", "0.02", "each mode's standard deviation"));
    }

    @Override
    protected Mixture mixture(Options options) {
        return Mixture.ring(options.wholeNumber("modes", 1, 10_000), (float) options.number("radius", 1e-3, 1e3),
                (float) options.number("std", 1e-4, 1e2));
    }
}
