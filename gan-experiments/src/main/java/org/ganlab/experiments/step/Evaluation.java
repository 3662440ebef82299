package org.ganlab.experiments.step;

import java.util.List;
import org.ganlab.experiments.step.Trick.Shown;

/**
 * Until closed, G is the generator that results and pictures should show: an EMA trick's average
 * of G's weights, or G itself.
 */
public final class Evaluation implements AutoCloseable {
    private final List<Shown> shown;

    Evaluation(List<Shown> shown) {
        this.shown = shown;
    }

    /** What is shown instead of the trained G ({@code ema(beta=0.999)}), or null. */
    public String generator() {
        return shown.isEmpty() ? null : String.join(", ", shown.stream().map(Shown::generator).toList());
    }

    @Override
    public void close() {
        for (int i = shown.size() - 1; i >= 0; i--) {
            shown.get(i).restore().run();
        }
    }
}
