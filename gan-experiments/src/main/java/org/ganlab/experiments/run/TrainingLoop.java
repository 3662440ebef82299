package org.ganlab.experiments.run;

import java.util.Map;
import org.ganlab.nn.Module;
import org.ganlab.tensor.MemoryScope;

/**
 * The one training loop every experiment runs: steps 1 to {@code --steps}, each step's metrics
 * recorded (a NaN or infinity ends the run as diverged), the watched networks checked for
 * non-finite parameters, a snapshot every {@code --snapshot-every} steps and a checkpoint every
 * {@code --checkpoint-every} ({@link Checkpoints}; a resumed run starts after its checkpoint's
 * step). Each step runs in its own {@link MemoryScope}.
 */
public final class TrainingLoop {

    /** One training step; returns its metrics in the order they are recorded. */
    @FunctionalInterface
    public interface Step {
        Map<String, ? extends Number> run(int step);
    }

    /** Records a picture of the state after a step (for strips and animations). */
    @FunctionalInterface
    public interface Snapshotter {
        void take(int step);
    }

    private TrainingLoop() {
    }

    /**
     * @param snapshot null for none
     * @param watched networks whose parameters must stay finite, by the name a divergence reports
     */
    public static void run(RunContext ctx, Step step, Snapshotter snapshot, Map<String, Module> watched) {
        run(ctx, step, snapshot, watched, () -> false);
    }

    /**
     * @param surelyFinite true after a step whose own check found every watched parameter finite
     *        (a GAN step's parameter sum); else each parameter is read and checked
     */
    public static void run(RunContext ctx, Step step, Snapshotter snapshot, Map<String, Module> watched,
            java.util.function.BooleanSupplier surelyFinite) {
        int every = ctx.config().snapshotEvery();
        int last = ctx.config().steps();
        int resumedAt = ctx.checkpoints().start(watched, ctx.log()); // 0 unless the run resumes
        for (int s = resumedAt + 1; s <= last; s++) {
            // Each step's intermediates go back to the backend when it ends; parameters and
            // optimiser state are kept (see MemoryScope).
            try (MemoryScope stepMemory = MemoryScope.open()) {
                Map<String, ? extends Number> metrics = step.run(s);
                ctx.log().record(s, metrics); // a diverging step's row is on disk before the run ends
                DivergenceGuard.checkFinite(s, metrics);
                ctx.log().progress().stepDone(s);
                if (!surelyFinite.getAsBoolean()) { // the first non-finite parameter, by name
                    for (Map.Entry<String, Module> w : watched.entrySet()) {
                        DivergenceGuard.checkFinite(s, w.getKey(), w.getValue());
                    }
                }
                if (snapshot != null && s % every == 0) {
                    snapshot.take(s);
                }
                ctx.checkpoints().afterStep(s, last, ctx.log());
            }
        }
    }
}
