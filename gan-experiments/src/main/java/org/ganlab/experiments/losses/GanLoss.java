package org.ganlab.experiments.losses;

import java.util.List;
import org.ganlab.tensor.Tensor;

/**
 * A GAN's pair of losses, D's and G's, defined on D's raw output {@code d} (a probability or a
 * logit: the {@link DOutput} says which). Each term is a mean over the batch. D's loss is
 * {@code real(d(x)) + fake(d(G(z)))}, so a step may weight or update the two parts separately.
 *
 * <p>A new loss is one class listed in
 * {@code META-INF/services/org.ganlab.experiments.losses.GanLoss}; {@code --loss NAME} finds it.
 */
public interface GanLoss {

    /** The names {@code --loss} accepts: the first is the loss's own, any others are aliases. */
    List<String> names();

    /** One line for {@code gan list}: both losses. */
    String description();

    /** Whether D fits targets (1 for real, 0 for fake) that a trick such as label smoothing may move. */
    default boolean hasTargets() {
        return true;
    }

    /** Whether the loss is defined on D outputs of this kind. */
    default boolean accepts(DOutput output) {
        return true;
    }

    /** D's loss on real examples; {@code target} is D's target for them (1 unless a trick moves it). */
    Tensor real(Tensor d, float target, DOutput output);

    /** D's loss on fake examples; {@code target} is D's target for them (0 unless a trick moves it). */
    Tensor fake(Tensor d, float target, DOutput output);

    /** G's loss on D's outputs for G's samples. */
    Tensor generator(Tensor d, DOutput output);
}
