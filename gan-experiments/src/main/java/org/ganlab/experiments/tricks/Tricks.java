package org.ganlab.experiments.tricks;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.TrickSpec;
import org.ganlab.experiments.step.Trick;

/** The tricks found on the classpath, by name, and the tricks a run asks for. */
public final class Tricks {

    private final List<TrickFactory> factories;

    @Inject
    public Tricks(Set<TrickFactory> factories) {
        this.factories = factories.stream().sorted(Comparator.comparing(TrickFactory::name)).toList();
    }

    public List<TrickFactory> factories() {
        return factories;
    }

    /** The tricks for these specs, in order; fails on an unknown name or a bad option. */
    public List<Trick> create(List<TrickSpec> specs) {
        List<Trick> tricks = new ArrayList<>();
        for (TrickSpec spec : specs) {
            TrickFactory factory = factories.stream().filter(f -> f.name().equals(spec.name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--trick: unknown trick '" + spec.name()
                            + "'; available: " + names()));
            tricks.add(factory.create(new Options(spec.name(), factory.defaults(), spec.options())));
        }
        return tricks;
    }

    public String names() {
        return factories.stream().map(TrickFactory::name).collect(Collectors.joining(", "));
    }
}
