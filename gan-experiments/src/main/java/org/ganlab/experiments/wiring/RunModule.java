package org.ganlab.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.util.List;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.Experiment;
import org.ganlab.experiments.Experiments;
import org.ganlab.experiments.RunConfig;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.experiments.tricks.Tricks;

/** One run's bindings, in a child injector: its config, and the backend, experiment and tricks it names. */
public final class RunModule extends AbstractModule {

    private final RunConfig config;

    public RunModule(RunConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(RunConfig.class).toInstance(config);
    }

    @Provides
    Backend backend() {
        return config.backend() == null ? Backends.getDefault() : Backends.get(config.backend());
    }

    @Provides
    Experiment experiment(Experiments experiments) {
        return experiments.get(config.experiment());
    }

    @Provides
    List<Trick> tricks(Tricks tricks) {
        return tricks.create(config.tricks());
    }
}
