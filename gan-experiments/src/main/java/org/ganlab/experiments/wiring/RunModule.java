package org.ganlab.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.run.RunPlan;

/** One run's bindings, in a child injector: its plan, where its results go, and the backend it names. */
public final class RunModule extends AbstractModule {

    private final RunPlan plan;
    private final OutputSettings output;

    public RunModule(RunPlan plan, OutputSettings output) {
        this.plan = plan;
        this.output = output;
    }

    @Override
    protected void configure() {
        bind(RunPlan.class).toInstance(plan);
        bind(OutputSettings.class).toInstance(output);
    }

    @Provides
    Backend backend() {
        return plan.config().backend() == null ? Backends.getDefault() : Backends.get(plan.config().backend());
    }
}
