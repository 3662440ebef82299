package org.ganlab.experiments.step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ganlab.tensor.Tensor;

/**
 * What one training step trains on: a real batch and a latent batch for each D step, and G's latent
 * batch (in simultaneous order G uses the D step's latents instead).
 */
public record StepBatches(List<DBatch> d, Tensor gLatent) {

    public StepBatches {
        d = List.copyOf(d);
    }

    /** One D step's batches. */
    public record DBatch(Tensor real, Tensor latent) {
    }

    /** {@code dSteps} pairs of (real, latent) drawn in that order, then G's latent batch. */
    public static StepBatches draw(int dSteps, Supplier<Tensor> real, Supplier<Tensor> latent) {
        List<DBatch> d = new ArrayList<>();
        for (int i = 0; i < dSteps; i++) {
            Tensor x = real.get();
            d.add(new DBatch(x, latent.get()));
        }
        return new StepBatches(d, latent.get());
    }
}
