package org.ganlab.experiments.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file through a temporary one in the same folder and an atomic rename, so a reader (or
 * a crash) sees the old file or the new one, never half of one. The temporary file is made like any
 * other (the user's umask, not createTempFile's owner-only mode), with a name no other writer uses.
 */
public final class AtomicFile {

    /** What writes the file's bytes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicLong WRITES = new AtomicLong();

    private AtomicFile() {
    }

    public static void write(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + WRITES.incrementAndGet() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
