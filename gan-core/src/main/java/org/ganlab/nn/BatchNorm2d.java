package org.ganlab.nn;

/** PyTorch's {@code BatchNorm2d}: input {@code [N, C, H, W]}. */
public final class BatchNorm2d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine: PyTorch's defaults. */
    public BatchNorm2d(int channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM, true);
    }

    public BatchNorm2d(int channels, float eps, float momentum, boolean affine) {
        super(channels, eps, momentum, affine);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 4;
    }
}
