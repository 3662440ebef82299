package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the host emulation of the kernels (src/test/emulation) with g++. Tests that need it are
 * skipped where g++ is missing, except under {@code CI}, where that is a failure.
 */
final class HostCompiler {

    static final Path KERNELS = Path.of("src/main/cuda");
    static final Path EMULATION = Path.of("src/test/emulation");

    private HostCompiler() {
    }

    static void assumeAvailable() throws IOException, InterruptedException {
        boolean present;
        try {
            present = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && System.getenv("CI") == null) {
            Assumptions.abort("g++ is not installed: the kernels were not emulated");
        }
    }

    /** Compiles {@code source} (under src/test/emulation) to {@code target/NAME} unless it is newer than every source. */
    static synchronized Path build(String source, String name, String... flags) throws IOException, InterruptedException {
        assumeAvailable();
        Path out = Path.of("target", name).toAbsolutePath();
        if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(newestSource()) > 0) {
            return out;
        }
        Files.createDirectories(out.getParent());
        List<String> command = new ArrayList<>(List.of("g++", "-std=c++20", "-O2", "-ffp-contract=off", "-pthread",
                "-I" + KERNELS, "-I" + EMULATION));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", out.toString(), EMULATION.resolve(source).toString()));
        run(command, "compiling " + source);
        return out;
    }

    private static java.nio.file.attribute.FileTime newestSource() throws IOException {
        try (Stream<Path> a = Files.list(KERNELS); Stream<Path> b = Files.list(EMULATION)) {
            java.nio.file.attribute.FileTime newest = java.nio.file.attribute.FileTime.fromMillis(0);
            for (Path p : Stream.concat(a, b).toList()) {
                java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(p);
                newest = t.compareTo(newest) > 0 ? t : newest;
            }
            return newest;
        }
    }

    static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), what + " failed:\n" + output);
        return output;
    }
}
