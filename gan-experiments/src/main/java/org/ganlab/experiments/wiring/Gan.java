package org.ganlab.experiments.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import java.io.IOException;
import org.ganlab.experiments.config.OutputSettings;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.run.Experiments;
import org.ganlab.experiments.run.Run;
import org.ganlab.experiments.run.RunPlan;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.tricks.Tricks;

/** The application: an injector over the plug-ins, and runs made from configs. */
public final class Gan {

    private final Injector injector;

    /** @throws org.ganlab.experiments.wiring.Plugins.PluginConflictException when two plug-ins claim one name */
    public Gan(Module... extra) {
        Module[] modules = new Module[extra.length + 1];
        modules[0] = new GanModule(Plugins.load());
        System.arraycopy(extra, 0, modules, 1, extra.length);
        this.injector = Guice.createInjector(modules);
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    /** The plan of a config for its experiment, or an IllegalArgumentException saying why it cannot run. */
    public RunPlan plan(RunConfig config) {
        return RunPlan.of(get(Experiments.class).get(config.experiment()), config, get(Tricks.class));
    }

    /** Runs one config; bad names in it (backend, trick, experiment) surface as IllegalArgumentException. */
    public RunRecord run(RunConfig config, OutputSettings output) throws IOException {
        return run(plan(config), output);
    }

    /** Runs a planned config. */
    public RunRecord run(RunPlan plan, OutputSettings output) throws IOException {
        Run run;
        try {
            run = injector.createChildInjector(new RunModule(plan, output)).getInstance(Run.class);
        } catch (ProvisionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw e;
        }
        return run.execute();
    }
}
