package org.ganlab.experiments.run;

import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The experiments found on the classpath, by name. */
public final class Experiments {

    private final List<Experiment> all;

    @Inject
    public Experiments(Set<Experiment> experiments) {
        this.all = experiments.stream().sorted(Comparator.comparing(Experiment::name)).toList();
    }

    public List<Experiment> all() {
        return all;
    }

    public Experiment get(String name) {
        return all.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown experiment '" + name + "'; available: " + names()));
    }

    public String names() {
        return all.stream().map(Experiment::name).collect(Collectors.joining(", "));
    }
}
