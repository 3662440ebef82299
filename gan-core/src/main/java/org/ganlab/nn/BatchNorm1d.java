package org.ganlab.nn;

/** PyTorch's {@code BatchNorm1d}: input {@code [N, C]} or {@code [N, C, L]}. */
public final class BatchNorm1d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine: PyTorch's defaults. */
    public BatchNorm1d(int channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM, true);
    }

    public BatchNorm1d(int channels, float eps, float momentum, boolean affine) {
        super(channels, eps, momentum, affine);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }
}
