package org.ganlab.loss;

import java.util.List;
import java.util.Locale;

/** The losses by name, for configuration and command lines. */
public final class Losses {

    private static final List<Loss> ALL = List.of(new MseLoss(), new BceLoss(), new BceWithLogitsLoss());

    private Losses() {
    }

    public static List<Loss> all() {
        return ALL;
    }

    public static Loss byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(l -> l.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown loss '" + name + "'; known: "
                        + ALL.stream().map(Loss::name).toList()));
    }
}
