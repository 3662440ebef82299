package org.ganlab.experiments.run;

import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ganlab.experiments.io.RunStatus;

/**
 * How far a run has got, told as it goes: a progress bar on the terminal once a run has taken more
 * than two seconds (unless quiet), and every few seconds a heartbeat, metrics on disk and
 * status.json at this step, so a killed run's folder says how far it got.
 */
final class Progress implements AutoCloseable {

    private static final long BAR_AFTER_NANOS = 2_000_000_000L;

    private final Path dir;
    private final int totalSteps;
    private final boolean quiet;
    private final Runnable flushMetrics;
    private final long startNanos = System.nanoTime();
    private long lastBeatNanos = startNanos;
    private ProgressBar bar;

    Progress(Path dir, int totalSteps, boolean quiet, Runnable flushMetrics) {
        this.dir = dir;
        this.totalSteps = totalSteps;
        this.quiet = quiet;
        this.flushMetrics = flushMetrics;
    }

    /** After a step was recorded. */
    void stepDone(int step) {
        showBar(step);
        long now = System.nanoTime();
        if (now - lastBeatNanos >= RunStatus.HEARTBEAT_NANOS) {
            lastBeatNanos = now;
            flushMetrics.run();
            RunStatus.write(dir, "RUNNING", step, totalSteps);
        }
    }

    private void showBar(int step) {
        if (quiet) {
            return;
        }
        if (bar == null && System.nanoTime() - startNanos > BAR_AFTER_NANOS) {
            bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
        if (bar != null) {
            bar.stepTo(step);
        }
    }

    /** Ends the progress bar, if one was shown. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
