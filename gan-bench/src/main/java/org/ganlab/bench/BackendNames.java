package org.ganlab.bench;

import java.util.stream.Collectors;
import org.ganlab.backend.BackendProvider;
import org.ganlab.backend.Backends;

/** Prints the available backends on the classpath, comma-separated, for {@code -p backend=...}. */
public final class BackendNames {

    private BackendNames() {
    }

    public static void main(String[] args) {
        System.out.println(Backends.providers().stream().filter(BackendProvider::isAvailable).map(BackendProvider::name)
                .collect(Collectors.joining(",")));
    }
}
