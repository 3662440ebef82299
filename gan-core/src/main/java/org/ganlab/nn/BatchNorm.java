package org.ganlab.nn;

import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/**
 * Batch normalisation per channel (axis 1) over every other axis, as PyTorch's {@code BatchNorm1d} and
 * {@code BatchNorm2d}. In training mode it normalises with the batch's mean and biased variance and
 * moves the running statistics, {@code running = (1 − momentum)·running + momentum·batch}, with the
 * unbiased variance; in evaluation mode it normalises with the running statistics. The running
 * statistics are buffers: optimisers never see them, checkpoints keep them. Every step is a tensor
 * operation, so gradients of gradients (an R1 penalty through batch norm) need no rule of their own.
 */
public abstract class BatchNorm extends Module {

    public static final float DEFAULT_EPS = 1e-5f;
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private final int channels;
    private final float eps;
    private final float momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    /** Scale 1 and shift 0 when {@code affine}, running mean 0 and variance 1, as PyTorch starts them. */
    protected BatchNorm(int channels, float eps, float momentum, boolean affine) {
        if (channels < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": channels " + channels
                    + " must be positive, eps " + eps + " positive and momentum " + momentum + " in [0, 1]");
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(channels)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(channels));
        this.runningVar = registerBuffer("running_var", Tensor.ones(channels));
    }

    /** The input ranks this layer accepts (2 or 3 for 1-d, 4 for 2-d). */
    protected abstract boolean acceptsRank(int rank);

    @Override
    public Tensor forward(Tensor x) {
        if (!acceptsRank(x.dim()) || x.size(1) != channels) {
            throw new ShapeException(this + ": input " + x.shapeString() + " must have " + channels
                    + " channels on axis 1 and the rank of " + getClass().getSimpleName());
        }
        int[] axes = new int[x.dim() - 1];
        int[] statShape = new int[x.dim()];
        java.util.Arrays.fill(statShape, 1);
        statShape[1] = channels;
        for (int i = 0, a = 0; i < x.dim(); i++) {
            if (i != 1) {
                axes[a++] = i;
            }
        }
        Tensor normalised;
        if (isTraining()) {
            int perChannel = x.size() / channels;
            if (perChannel < 2) {
                throw new ShapeException(this + ": training mode needs more than one value per channel, input "
                        + x.shapeString());
            }
            Tensor mean = x.mean(axes, true);
            Tensor centred = x.sub(mean);
            Tensor var = centred.mul(centred).mean(axes, true);
            normalised = centred.div(var.add(eps).sqrt());
            try (var noGrad = GradMode.noGrad()) {
                float unbiased = (float) perChannel / (perChannel - 1);
                runningMean.assign(runningMean.mul(1 - momentum).add(mean.reshape(channels).mul(momentum)));
                runningVar.assign(runningVar.mul(1 - momentum).add(var.reshape(channels).mul(unbiased).mul(momentum)));
            }
        } else {
            normalised = x.sub(runningMean.reshape(statShape)).div(runningVar.reshape(statShape).add(eps).sqrt());
        }
        return weight == null ? normalised
                : normalised.mul(current(weight).reshape(statShape)).add(current(bias).reshape(statShape));
    }

    /** The scale γ, or null without affine. */
    public Tensor weight() {
        return weight;
    }

    /** The shift β, or null without affine. */
    public Tensor bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + channels + ", eps=" + eps + ", momentum=" + momentum
                + ", affine=" + (weight != null) + ")";
    }
}
