package org.ganlab.experiments.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A value chosen by name on the command line (an order, an optimiser): its name there is its
 * constant's in lower case. {@link #parse} is the one parser of such names.
 */
public interface Choice {

    /** The name on the command line. */
    default String cliName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The constant named {@code text} (case and spaces around ignored), or an error naming {@code option}. */
    static <E extends Enum<E> & Choice> E parse(String option, Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.cliName().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw Numbers.invalid(option, text, "one of " + String.join(", ", names(type)));
    }

    /** The allowed names, in declaration order. */
    static <E extends Enum<E> & Choice> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choice::cliName).toList();
    }
}
