package org.ganlab.experiments.losses;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The losses on the classpath, by name (ServiceLoader, like backends and tricks). */
public final class GanLosses {

    private static volatile List<GanLoss> all;

    private GanLosses() {
    }

    public static List<GanLoss> all() {
        if (all == null) {
            List<GanLoss> found = new ArrayList<>();
            ServiceLoader.load(GanLoss.class).forEach(found::add);
            all = List.copyOf(found);
        }
        return all;
    }

    public static GanLoss get(String name) {
        String wanted = name.trim();
        return all().stream().filter(l -> l.names().contains(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--loss must be one of " + allowed() + ", got '" + name + "'"));
    }

    /** Every accepted name, aliases included, in the order the losses were found. */
    public static String allowed() {
        return all().stream().flatMap(l -> l.names().stream()).collect(Collectors.joining(", "));
    }
}
