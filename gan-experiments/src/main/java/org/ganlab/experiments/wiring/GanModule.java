package org.ganlab.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.ganlab.experiments.report.ReportSink;
import org.ganlab.experiments.report.SummarySink;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.run.RunSink;
import org.ganlab.experiments.tracking.MlflowSink;
import org.ganlab.experiments.tricks.TrickFactory;

/**
 * The application's plug-in points: experiments and tricks found with ServiceLoader (so a jar on
 * the classpath adds one; {@link Plugins}) bound into sets, and the output sinks every run is written to.
 */
public class GanModule extends AbstractModule {

    private final Plugins plugins;

    public GanModule(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        Multibinder<Experiment> experiments = Multibinder.newSetBinder(binder(), Experiment.class);
        plugins.experiments().forEach(e -> experiments.addBinding().toInstance(e));
        Multibinder<TrickFactory> tricks = Multibinder.newSetBinder(binder(), TrickFactory.class);
        plugins.tricks().forEach(t -> tricks.addBinding().toInstance(t));
        Multibinder<RunSink> sinks = Multibinder.newSetBinder(binder(), RunSink.class);
        sinks.addBinding().to(ReportSink.class);
        sinks.addBinding().to(MlflowSink.Spool.class); // before the run is marked finished
        sinks.addBinding().to(SummarySink.class); // its presence marks the run finished
        sinks.addBinding().to(MlflowSink.class); // after the files it uploads
    }
}
