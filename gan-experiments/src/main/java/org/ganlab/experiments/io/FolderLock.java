package org.ganlab.experiments.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a folder between threads and between processes, for state that shards of a
 * sweep share: a lock file's OS lock (fcntl, which NFS also honours) around a re-entrant in-process
 * lock, as one JVM cannot take the same file lock twice.
 */
public final class FolderLock {

    /** What runs while the lock is held. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws IOException;
    }

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private FolderLock() {
    }

    /** Runs {@code action} holding {@code folder/lockFile}'s lock; waits while another holds it. */
    public static <T> T holding(Path folder, String lockFile, Action<T> action) throws IOException {
        Path file = folder.resolve(lockFile).toAbsolutePath().normalize();
        ReentrantLock local = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return action.run();
            }
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.run();
            }
        } finally {
            local.unlock();
        }
    }
}
