package org.ganlab.experiments.wiring;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.ganlab.experiments.config.ExperimentOption;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.losses.GanLoss;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.run.Experiment;
import org.ganlab.experiments.tricks.TrickFactory;

/**
 * The plug-ins found with ServiceLoader (experiments, tricks, losses), checked at start: two that
 * claim one name, or an experiment option that shadows a flag, would make a name mean whichever
 * jar came first on the classpath, so gan-lab refuses to start and names both jars.
 */
public final class Plugins {

    private final List<Experiment> experiments;
    private final List<TrickFactory> tricks;

    private Plugins(List<Experiment> experiments, List<TrickFactory> tricks) {
        this.experiments = experiments;
        this.tricks = tricks;
    }

    /**
     * Finds the plug-ins on the classpath, once, and checks them.
     *
     * @throws PluginConflictException naming the clash and where each side comes from
     */
    public static Plugins load() {
        List<Experiment> experiments = providers(Experiment.class);
        List<TrickFactory> tricks = providers(TrickFactory.class);
        unique("experiment", experiments, e -> List.of(e.name()));
        unique("trick", tricks, t -> List.of(t.name()));
        unique("loss", GanLosses.all(), GanLoss::names);
        for (Experiment e : experiments) {
            for (ExperimentOption o : e.options()) {
                for (Flag f : Flag.values()) {
                    if (f.key().equals(o.name())) {
                        throw new PluginConflictException("experiment '" + e.name() + "' (" + origin(e)
                                + ") declares an option --" + o.name() + ", which is a gan-lab flag; rename the option");
                    }
                }
            }
        }
        return new Plugins(List.copyOf(experiments), List.copyOf(tricks));
    }

    public List<Experiment> experiments() {
        return experiments;
    }

    public List<TrickFactory> tricks() {
        return tricks;
    }

    private static <T> List<T> providers(Class<T> type) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type).forEach(found::add);
        return found;
    }

    private static <T> void unique(String kind, List<T> plugins, Function<T, List<String>> names) {
        Map<String, T> seen = new LinkedHashMap<>();
        for (T p : plugins) {
            for (String name : names.apply(p)) {
                T before = seen.putIfAbsent(name, p);
                if (before != null) {
                    throw new PluginConflictException(kind + " '" + name + "' is defined twice: by " + origin(before)
                            + " and by " + origin(p) + "; remove one of them from the classpath (plugins/, GAN_PLUGINS)");
                }
            }
        }
    }

    /** {@code com.example.Trick in /path/to/its.jar}. */
    static String origin(Object plugin) {
        CodeSource source = plugin.getClass().getProtectionDomain().getCodeSource();
        URL where = source == null ? null : source.getLocation();
        String place = where == null ? "an unknown location" : where.getPath();
        return plugin.getClass().getName() + " in " + place;
    }

    /** Two plug-ins claim one name. */
    public static final class PluginConflictException extends IllegalStateException {
        public PluginConflictException(String message) {
            super(message);
        }
    }
}
