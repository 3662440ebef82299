package org.ganlab.experiments.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.io.FolderLock;
import org.ganlab.experiments.io.Json;

/**
 * What a run (or sweep) folder owes an MLflow server and how much of it has been sent, kept in
 * {@code mlflow/sync.json} inside the folder. It is saved after every confirmed request, so a sync
 * that stops anywhere (server down, process killed) resumes where it stopped.
 */
public final class SyncState {

    public static final String DIR = "mlflow";
    public static final String FILE = "sync.json";

    public String trackingUri;
    public String experimentName;
    /** gan-lab's own id of the run, also an MLflow tag: finding it again makes run creation safe to retry. */
    public String uid;
    public String runName;
    /** For a sweep's run: the sweep folder, whose MLflow run is the parent. */
    public String parentDir;
    public long startTime;
    /** FINISHED or FAILED once the run has ended; null while it goes on. */
    public String status;
    public long endTime;
    public Map<String, String> params = new LinkedHashMap<>();
    public Map<String, String> tags = new LinkedHashMap<>();

    public String experimentId;
    public String runId;
    public String artifactUri;
    public boolean paramsSent;
    public boolean tagsSent;
    public int metricRowsSent;
    public List<String> artifactsSent = new ArrayList<>();
    public boolean finished;
    public String lastError;

    public static Path file(Path folder) {
        return folder.resolve(DIR).resolve(FILE);
    }

    public static boolean exists(Path folder) {
        return Files.exists(file(folder));
    }

    public static SyncState load(Path folder) throws IOException {
        return Json.MAPPER.readValue(file(folder).toFile(), SyncState.class);
    }

    /**
     * Runs {@code action} holding the folder's sync lock, which every reader-modifier-writer of its
     * state takes: the threads of a sweep and the processes of its shards share a sweep's state.
     */
    public static <T> T locked(Path folder, FolderLock.Action<T> action) throws IOException {
        return FolderLock.holding(folder, DIR + "/.lock", action);
    }

    /** Atomically, so a crash mid-write leaves the previous state. */
    public void save(Path folder) throws IOException {
        Path file = file(folder);
        Files.createDirectories(file.getParent());
        Json.writeAtomically(file, this);
    }
}
