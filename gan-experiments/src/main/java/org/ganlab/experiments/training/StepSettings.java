package org.ganlab.experiments.training;

import org.ganlab.experiments.losses.GanLoss;

/**
 * How one training step runs, checked as a whole: tricks look at it to refuse what they cannot
 * work with ({@link org.ganlab.experiments.tricks.Trick#check}).
 *
 * @param loss the (D's loss, G's loss) pair
 * @param lossName the name it was chosen by ({@code bce} or {@code non-saturating}, say)
 * @param dSteps D steps per G step (alternating order only)
 */
public record StepSettings(GanSpec spec, GanLoss loss, String lossName, Order order, int dSteps) {

    /** Refuses combinations no step can run; the message names the flag. */
    public StepSettings {
        if (!loss.accepts(spec.dOutput())) {
            throw new IllegalArgumentException("--loss " + lossName + " needs a discriminator that outputs a logit or "
                    + "critic value; this experiment's D ends in a sigmoid");
        }
        if (dSteps < 1) {
            throw new IllegalArgumentException("--d-steps must be a whole number >= 1, got " + dSteps);
        }
        if (order == Order.SIMULTANEOUS && spec.dUpdate() == DiscriminatorUpdate.SEPARATE) {
            throw new IllegalArgumentException("--order simultaneous needs one D update per step; this experiment "
                    + "updates D on real and on fake examples separately");
        }
        if (order == Order.SIMULTANEOUS && dSteps != 1) {
            throw new IllegalArgumentException("--d-steps " + dSteps + " needs --order alternating (simultaneous "
                    + "updates take one D and one G step from the same parameters)");
        }
    }

    public DOutput dOutput() {
        return spec.dOutput();
    }

    public DiscriminatorUpdate dUpdate() {
        return spec.dUpdate();
    }
}
