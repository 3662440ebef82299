package org.ganlab.nn;

import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/**
 * PyTorch's {@code LayerNorm(features)}: each sample normalised over its last axis with the biased
 * variance, then scaled and shifted per feature. Tensor operations only, so it differentiates twice.
 */
public final class LayerNorm extends Module {

    private final int features;
    private final float eps;
    private final Tensor weight;
    private final Tensor bias;

    /** eps 1e-5, affine: PyTorch's defaults. */
    public LayerNorm(int features) {
        this(features, BatchNorm.DEFAULT_EPS, true);
    }

    public LayerNorm(int features, float eps, boolean affine) {
        if (features < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: features " + features + " must be positive and eps " + eps
                    + " positive");
        }
        this.features = features;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(features)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(features)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 1 || x.size(x.dim() - 1) != features) {
            throw new ShapeException(this + ": input " + x.shapeString() + " must end in " + features + " features");
        }
        int last = x.dim() - 1;
        Tensor centred = x.sub(x.mean(last, true));
        Tensor normalised = centred.div(centred.mul(centred).mean(last, true).add(eps).sqrt());
        return weight == null ? normalised : normalised.mul(current(weight)).add(current(bias));
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "LayerNorm(" + features + ", eps=" + eps + ", affine=" + (weight != null) + ")";
    }
}
