package org.ganlab.experiments.dirac;

import java.util.Optional;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Theory against measurement for one run, where the linearisation holds: over the steps whose
 * distance r to (0, 0) lies in ({@value #LOW}, {@value #HIGH}), the per-step rate of r from a
 * log-linear least-squares fit, once for the run and once for the theory's linearised step iterated
 * from the run's own position at the window's first step. The two agree when training runs the step
 * the theory differentiates. Iterating the step, rather than taking its spectral radius ρ, keeps the
 * comparison exact where the step is a Jordan block (rate then above ρ, as k·ρᵏ shrinks).
 *
 * @param firstStep the window's first step (counted from 1, as metrics.csv counts them)
 * @param lastStep its last step
 * @param measuredRate the run's rate: e^slope of ln r over the window
 * @param linearisedRate the linearised step's rate over the same steps, from the same position
 */
public record Agreement(int firstStep, int lastStep, double measuredRate, double linearisedRate) {

    /** Below this the float32 iterates are too close to their rounding for a clean rate. */
    static final double LOW = 1e-6;
    /** Above this the field is visibly not linear (the sigmoid's slope has left its value at 0). */
    static final double HIGH = 1e-1;
    /** Fewer steps in the window say nothing about a rate. */
    static final int MIN_STEPS = 5;

    /** |measured / linearised − 1|. */
    public double relativeDifference() {
        return Math.abs(measuredRate / linearisedRate - 1);
    }

    /**
     * The comparison for a run that recorded θ and ψ after each step, or empty when the theory has no
     * linearised step or the run spent fewer than {@value #MIN_STEPS} steps in the window.
     *
     * @param steps the step numbers of the recorded rows
     */
    public static Optional<Agreement> of(DiracTheory.Prediction p, double[] steps, double[] theta, double[] psi) {
        if (p.update() == null) {
            return Optional.empty();
        }
        double[] radius = new double[theta.length];
        int first = -1;
        int last = -1;
        for (int i = 0; i < radius.length; i++) {
            radius[i] = Math.hypot(theta[i], psi[i]);
            if (radius[i] > LOW && radius[i] < HIGH) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0 || last - first + 1 < MIN_STEPS) {
            return Optional.empty();
        }
        double[] linearised = new double[last - first + 1];
        linearised[0] = radius[first];
        System.arraycopy(p.radii(theta[first], psi[first], last - first), 0, linearised, 1, last - first);
        double[] measured = java.util.Arrays.copyOfRange(radius, first, last + 1);
        double[] at = java.util.Arrays.copyOfRange(steps, first, last + 1);
        return Optional.of(new Agreement((int) steps[first], (int) steps[last], rate(at, measured), rate(at, linearised)));
    }

    /** e^slope of the least-squares line through (step, ln r). */
    static double rate(double[] steps, double[] radius) {
        SimpleRegression fit = new SimpleRegression();
        for (int i = 0; i < radius.length; i++) {
            fit.addData(steps[i], Math.log(radius[i]));
        }
        return Math.exp(fit.getSlope());
    }
}
