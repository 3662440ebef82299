package org.ganlab.optim;

import java.util.ArrayList;
import java.util.List;
import org.ganlab.tensor.Tensor;

/**
 * Optimiser steps taken ahead on copies, keeping their graphs: after {@link #step} the
 * {@link #params} are functions of the starting parameters and of whatever the gradients depend on,
 * so a loss taken at them can be differentiated back through every step (Metz et al.'s unrolled
 * GAN differentiates G's loss through D's look-ahead). The copies start from the optimiser's
 * parameters and state (Adam's moments and step counts) as they are, and the optimiser is never
 * changed.
 */
public final class LookAhead {

    private final Optimizer optimizer;
    private final double lr;
    private final List<Tensor> params;
    private final Tensor[][] state;
    private final int[] steps;

    LookAhead(Optimizer optimizer, double lr) {
        this.optimizer = optimizer;
        this.lr = lr;
        this.params = new ArrayList<>(optimizer.params());
        this.state = new Tensor[params.size()][];
        this.steps = new int[params.size()];
        for (int i = 0; i < params.size(); i++) {
            state[i] = optimizer.stateOf(i);
            steps[i] = optimizer.stepsTaken(i);
        }
    }

    /** The parameters after the steps so far, in the optimiser's order (at first the optimiser's own). */
    public List<Tensor> params() {
        return List.copyOf(params);
    }

    /**
     * One step from {@link #params} with these gradients (null leaves a parameter where it is), as
     * the optimiser's own step computes it. Gradients taken with a graph keep the result
     * differentiable through them.
     */
    public void step(List<Tensor> gradients) {
        if (gradients.size() != params.size()) {
            throw new IllegalArgumentException("look-ahead step: " + gradients.size() + " gradients for " + params.size()
                    + " parameters");
        }
        for (int i = 0; i < params.size(); i++) {
            if (gradients.get(i) != null) {
                params.set(i, optimizer.rule(params.get(i), gradients.get(i), state[i], ++steps[i], lr));
            }
        }
    }
}
