package org.ganlab.experiments.mixtures;

import java.util.List;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Options;

/** 25 Gaussians on the grid {−4, −2, 0, 2, 4}², std 0.05 (the VEEGAN and PacGAN grid). */
public final class GridExperiment extends MixtureExperiment {

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public String description() {
        return "mode collapse: 25 Gaussians on the grid {-4,-2,0,2,4}^2 (std 0.05); success: every mode covered";
    }

    @Override
    protected List<ExperimentOption> mixtureOptions() {
        return List.of(new ExperimentOption("side", "5", "modes along each axis, 2 apart, centred on 0"),
                new ExperimentOption("std", "0.05", "each mode's standard deviation"));
    }

    @Override
    protected Mixture mixture(Options options) {
        return Mixture.grid(options.wholeNumber("side", 1, 100), (float) options.number("std", 1e-4, 1e2));
    }
}
