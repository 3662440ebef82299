package org.ganlab.experiments.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Makes a new folder per run, never reusing one: a name already taken gets a numeric suffix. */
public final class RunDirectory {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirectory() {
    }

    public static Path create(Path parent, String experiment, long seed) {
        prepare(parent);
        String base = experiment + "-" + LocalDateTime.now().format(STAMP) + "-seed" + seed;
        for (int n = 1; ; n++) {
            Path candidate = parent.resolve(n == 1 ? base : base + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another run got this name first: try the next suffix
            } catch (IOException e) {
                throw refused(parent, e);
            }
        }
    }

    /**
     * Refuses a folder argument that is not an existing folder: "DIR does not exist", or "DIR is a
     * file, not a WHAT" ({@code what}: "run folder", "sweep folder", ...).
     */
    public static void requireFolder(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + (Files.exists(dir) ? " is a file, not a " + what : " does not exist"));
        }
    }

    /**
     * Makes {@code --out}'s folder (and its parents) or says in a user error why it cannot: a file in
     * the way, no permission, a read-only disk. Nothing is written when it fails.
     */
    public static void prepare(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out: " + folder + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw refused(folder, e);
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException("--out: cannot write in " + folder + " (permission denied)");
        }
    }

    private static IllegalArgumentException refused(Path folder, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? e.getMessage() + " is a file, not a folder"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return new IllegalArgumentException("--out: cannot create or write in " + folder + " (" + reason + ")");
    }
}
