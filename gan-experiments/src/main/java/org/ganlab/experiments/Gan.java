package org.ganlab.experiments;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import java.io.IOException;
import org.ganlab.experiments.wiring.GanModule;
import org.ganlab.experiments.wiring.Plugins;
import org.ganlab.experiments.wiring.RunModule;

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

    /** Runs one config; bad names in it (backend, trick, experiment) surface as IllegalArgumentException. */
    public RunRecord run(RunConfig config) throws IOException {
        Run run;
        try {
            run = injector.createChildInjector(new RunModule(config)).getInstance(Run.class);
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
