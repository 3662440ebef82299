package org.ganlab.experiments.losses;

/** What D's last layer gives: the losses are defined on this raw output and each knows which it gets. */
public enum DOutput {
    /** D ends in a sigmoid, as the seed networks do: a probability in (0, 1). */
    PROBABILITY,
    /** D ends in a linear layer: a logit, or a Wasserstein critic's value, any real number. */
    LOGIT
}
