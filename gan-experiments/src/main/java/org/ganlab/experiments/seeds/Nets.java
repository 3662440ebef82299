package org.ganlab.experiments.seeds;

import org.ganlab.nn.Linear;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Sigmoid;
import org.ganlab.tensor.Rng;

/** The seed articles' networks, with PyTorch's default initialisation. */
public final class Nets {

    private Nets() {
    }

    /** 1010 discriminator: 4→3→1, sigmoid after each layer, no biases. */
    public static Sequential discriminator1010(Rng rng) {
        return new Sequential(new Linear(4, 3, false, rng), new Sigmoid(), new Linear(3, 1, false, rng), new Sigmoid());
    }

    /** 1010 generator: 4→4→4, sigmoid after each layer, no biases. */
    public static Sequential generator1010(Rng rng) {
        return new Sequential(new Linear(4, 4, false, rng), new Sigmoid(), new Linear(4, 4, false, rng), new Sigmoid());
    }

    /** Single-point discriminator: 1→2→1 with biases, sigmoid hidden and output (bell-shaped when trained). */
    public static Sequential discriminatorPoint(Rng rng) {
        return new Sequential(new Linear(1, 2, true, rng), new Sigmoid(), new Linear(2, 1, true, rng), new Sigmoid());
    }

    /** Single-point generator: y = w·x + b. */
    public static Linear generatorPoint(Rng rng) {
        return new Linear(1, 1, true, rng);
    }
}
