package org.ganlab.experiments.io;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The gan-lab version (from the build) and the git commit of the checkout it runs from, when known. */
public final class Versions {

    private static final String GAN_LAB = load();
    private static volatile String commit;

    private Versions() {
    }

    public static String ganLab() {
        return GAN_LAB;
    }

    private static String load() {
        try (InputStream in = Versions.class.getResourceAsStream("/gan-lab.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** {@code git rev-parse HEAD} of the checkout holding gan-lab's classes, or "unknown". */
    public static String gitCommit() {
        String c = commit;
        if (c == null) {
            c = readCommit();
            commit = c;
        }
        return c;
    }

    private static String readCommit() {
        try {
            Path start = Path.of(Versions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve(".git"))) {
                    Process git = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD")
                            .redirectErrorStream(true).start();
                    if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0) {
                        return new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    }
                    git.destroyForcibly();
                    return "unknown";
                }
            }
        } catch (Exception e) {
            // no git, no checkout: the commit is simply not known
        }
        return "unknown";
    }
}
