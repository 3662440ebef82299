package org.ganlab.experiments.run;

/** A loss or parameter became NaN or infinite: the run ends as DIVERGED at this step. */
public final class DivergedException extends RuntimeException {

    private final int step;

    public DivergedException(int step, String what) {
        super(what + " is not finite at step " + step);
        this.step = step;
    }

    public int step() {
        return step;
    }
}
