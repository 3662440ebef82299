package org.ganlab.experiments.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.step.GanStep;
import org.ganlab.experiments.step.StepBatches;
import org.ganlab.experiments.step.StepLosses;
import org.ganlab.nn.Module;

/**
 * A GAN experiment's training: the shared {@link TrainingLoop} around its {@link GanStep}, and
 * evaluation with the generator results should show (with the {@code ema} trick, the average of
 * G's weights). An experiment gives its batches, its own metrics and its snapshots.
 */
public final class GanTraining {

    /** The batches of one training step, for {@code dSteps} D steps. */
    @FunctionalInterface
    public interface Batches {
        StepBatches next(int dSteps);
    }

    /** An experiment's own metrics after a step, recorded after the step's losses. */
    @FunctionalInterface
    public interface Metrics {
        Map<String, ? extends Number> of(StepBatches batches, StepLosses losses);
    }

    private final RunContext ctx;
    private final Module d;
    private final Module g;
    private final GanStep step;
    /** Steps this process ran (a resumed run counts from its checkpoint). */
    private long stepsRun;

    public GanTraining(RunContext ctx, Module d, Module g, GanStep step) {
        this.ctx = ctx;
        this.d = d;
        this.g = g;
        this.step = step;
    }

    public GanStep step() {
        return step;
    }

    /**
     * Trains for {@code --steps} steps. Snapshots are taken as {@link #evaluate} runs code: with the
     * generator results show and no graph, so they cannot change the training.
     *
     * @param metrics null for the step's losses only
     * @param snapshot null for none
     */
    public void train(Batches batches, Metrics metrics, TrainingLoop.Snapshotter snapshot) {
        try {
            loop(batches, metrics, snapshot);
        } finally {
            ctx.log().stepCapture(captureReport());
        }
    }

    /** How the steps ran, for status.json: how many were replayed, or why they stayed eager. */
    private String captureReport() {
        var c = step.capture();
        if (!ctx.output().capture()) {
            return "off (--capture off): every step eager";
        }
        if (c.eagerBecause() != null) {
            return "eager: " + c.eagerBecause();
        }
        return String.format(java.util.Locale.ROOT, "replayed %,d steps of %,d backend calls each; %,d eager "
                + "(a warm-up step and the recordings)", c.replays(), c.callsPerStep(), stepsRun - c.replays());
    }

    private void loop(Batches batches, Metrics metrics, TrainingLoop.Snapshotter snapshot) {
        TrainingLoop.run(ctx, s -> {
            stepsRun++;
            StepBatches b = batches.next(step.plan().dSteps());
            StepLosses losses = step.run(b);
            Map<String, Number> m = new LinkedHashMap<>(losses.metrics());
            if (metrics != null) {
                m.putAll(metrics.of(b, losses));
            }
            return m;
        }, snapshot == null ? null : s -> evaluate(() -> {
            snapshot.take(s);
            return null;
        }), watched(), step::parametersFinite);
    }

    private Map<String, Module> watched() {
        Map<String, Module> w = new LinkedHashMap<>();
        w.put("G", g);
        w.put("D", d);
        return w;
    }

    /** Runs {@code f} without a graph, with the generator results should show in place of G. */
    public <T> T evaluate(Supplier<T> f) {
        try (var noGrad = GradMode.noGrad(); var shown = step.evaluate()) {
            return f.get();
        }
    }

    /**
     * The run's final results, computed as {@link #evaluate} runs code; when a trick shows another
     * generator than the trained one they say which ({@code generator: ema(beta=0.999)}).
     */
    public Map<String, Object> results(Supplier<Map<String, Object>> f) {
        try (var noGrad = GradMode.noGrad(); var shown = step.evaluate()) {
            Map<String, Object> results = new LinkedHashMap<>(f.get());
            if (shown.generator() != null) {
                results.put("generator", shown.generator());
            }
            return results;
        }
    }
}
