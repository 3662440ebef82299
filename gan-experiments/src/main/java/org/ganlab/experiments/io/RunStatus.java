package org.ganlab.experiments.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code status.json}: what a run folder is while its run goes on and after it stops. RUNNING with
 * the last step is rewritten every few seconds; a run stopped by a signal the JVM sees (Ctrl-C,
 * SIGTERM) writes INTERRUPTED; a finished run writes COMPLETED or DIVERGED. A run killed outright
 * (kill -9, a lost node) leaves RUNNING behind: {@link #read} reports it INTERRUPTED when its process
 * is gone from this machine.
 */
public final class RunStatus {

    public static final String FILE = "status.json";
    /** Seconds between heartbeats. */
    public static final long HEARTBEAT_NANOS = 2_000_000_000L;

    /** A folder's state: RUNNING, INTERRUPTED, COMPLETED or DIVERGED, at {@code step} of {@code steps}. */
    public record Info(String status, long step, long steps, long pid, String host) {
        public boolean finished() {
            return status.equals("COMPLETED") || status.equals("DIVERGED");
        }
    }

    private RunStatus() {
    }

    public static void write(Path dir, String status, long step, long steps) {
        write(dir, status, step, steps, null);
    }

    /**
     * @param seconds the training's wall time, for a finished run (kept here, not in summary.json, so
     *     that the summary of a seed and flags is the same bytes however long the run took or was resumed)
     */
    public static void write(Path dir, String status, long step, long steps, Double seconds) {
        write(dir, status, step, steps, seconds, null);
    }

    /** @param stepCapture how the training step ran (replayed, or eager and why), or null */
    public static void write(Path dir, String status, long step, long steps, Double seconds, String stepCapture) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", status);
        s.put("step", step);
        s.put("steps", steps);
        if (seconds != null) {
            s.put("seconds", Math.round(seconds * 1000) / 1000.0);
        }
        if (stepCapture != null) {
            s.put("step_capture", stepCapture);
        }
        s.put("pid", ProcessHandle.current().pid());
        s.put("host", host());
        s.put("updated", Instant.now().toString());
        try {
            Json.writeAtomically(dir.resolve(FILE), s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /** The folder's state, a RUNNING whose process has gone from this machine read as INTERRUPTED; empty without a status file. */
    public static Optional<Info> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(file.toFile());
            Info info = new Info(n.get("status").asText(), n.get("step").asLong(), n.get("steps").asLong(),
                    n.get("pid").asLong(), n.get("host").asText());
            boolean gone = info.host().equals(host())
                    && ProcessHandle.of(info.pid()).map(p -> !p.isAlive()).orElse(true);
            if (info.status().equals("RUNNING") && gone) {
                return Optional.of(new Info("INTERRUPTED", info.step(), info.steps(), info.pid(), info.host()));
            }
            return Optional.of(info);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: as if none
        }
    }

    private static String host;

    private static synchronized String host() {
        if (host == null) {
            host = lookUpHost();
        }
        return host;
    }

    private static String lookUpHost() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
