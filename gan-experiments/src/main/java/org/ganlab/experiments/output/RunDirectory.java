package org.ganlab.experiments.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Makes a new folder per run, never reusing one: a name already taken gets a numeric suffix. */
public final class RunDirectory {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirectory() {
    }

    public static Path create(Path parent, String experiment, long seed) throws IOException {
        Files.createDirectories(parent);
        String base = experiment + "-" + LocalDateTime.now().format(STAMP) + "-seed" + seed;
        for (int n = 1; ; n++) {
            Path candidate = parent.resolve(n == 1 ? base : base + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another run got this name first: try the next suffix
            }
        }
    }
}
