package org.ganlab.experiments.tricks;

import java.util.function.Function;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * What D's fake-loss hook works with: the generator and this step's latent batch, D's weighted loss
 * on a batch of fakes, and the random stream reserved for tricks.
 */
public record FakeLossStep(Module generator, Tensor latent, Function<Tensor, Tensor> lossOnFakes, Rng rng) {
}
