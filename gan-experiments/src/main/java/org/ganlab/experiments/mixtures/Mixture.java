package org.ganlab.experiments.mixtures;

import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/**
 * A mixture of equally weighted 2-D Gaussians with one standard deviation: the field's test for
 * mode collapse (Metz et al. 2017; Srivastava et al. 2017; Lin et al. 2018).
 *
 * @param modes the centres, {@code modes[i] = {x, y}}
 * @param std each component's standard deviation (the same on both axes)
 */
public record Mixture(float[][] modes, float std) {

    public Mixture {
        if (modes.length == 0 || !(std > 0)) {
            throw new IllegalArgumentException("a mixture needs at least one mode and a positive std");
        }
    }

    /**
     * {@code n} modes on a circle of radius {@code radius}, at angles 2πi/n for i = 0..n−1 (not
     * {@code linspace(0, 2π, n)}, which repeats the first mode as the last).
     */
    public static Mixture ring(int n, float radius, float std) {
        float[][] modes = new float[n][];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n;
            modes[i] = new float[] {(float) (radius * Math.cos(angle)), (float) (radius * Math.sin(angle))};
        }
        return new Mixture(modes, std);
    }

    /** {@code side}² modes on the grid {−(side−1), …, −2, 0, 2, …, side−1}², row by row. */
    public static Mixture grid(int side, float std) {
        float[][] modes = new float[side * side][];
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                modes[i * side + j] = new float[] {2f * i - (side - 1), 2f * j - (side - 1)};
            }
        }
        return new Mixture(modes, std);
    }

    public int size() {
        return modes.length;
    }

    /**
     * {@code n} samples as an {@code [n, 2]} tensor: for each, a mode drawn uniformly, then the two
     * Gaussian offsets, in that order from {@code rng}.
     */
    public Tensor sample(Rng rng, int n) {
        float[] data = new float[2 * n];
        for (int s = 0; s < n; s++) {
            float[] mode = modes[(int) (rng.nextDouble() * modes.length)];
            data[2 * s] = (float) (mode[0] + std * rng.nextGaussian());
            data[2 * s + 1] = (float) (mode[1] + std * rng.nextGaussian());
        }
        return Tensor.of(data, n, 2);
    }
}
