package org.ganlab.experiments.tricks;

import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Trick;

/**
 * Makes a {@link Trick} from its options. Found with {@link java.util.ServiceLoader}: a jar on the
 * classpath adds a trick with one line in
 * {@code META-INF/services/org.ganlab.experiments.tricks.TrickFactory}.
 */
public interface TrickFactory {

    /** The name used in {@code --trick NAME[:key=value,...]}. */
    String name();

    String description();

    /** Each option with its default value, in the order shown to users. */
    Map<String, String> defaults();

    /** The trick with these options; a bad value is refused by the typed getters of {@link Options}. */
    Trick create(Options options);
}
