package org.ganlab.nn;

import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;

/** {@code y = x W^T + b}, W stored {@code [out, in]} as in PyTorch. */
public final class Linear extends WeightedLayer {

    private final int inFeatures;
    private final int outFeatures;

    /**
     * PyTorch's default initialisation: {@code kaiming_uniform_(a=sqrt(5))} for the weight and
     * {@code U(-1/sqrt(in), 1/sqrt(in))} for the bias — both end up uniform in ±1/sqrt(in).
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        this(Tensor.uniform(rng, -bound(inFeatures), bound(inFeatures), outFeatures, inFeatures),
                bias ? Tensor.uniform(rng, -bound(inFeatures), bound(inFeatures), outFeatures) : null);
    }

    /** A layer with the given weight {@code [out, in]} and bias {@code [out]} (or null for none). */
    public Linear(Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))) {
            throw new org.ganlab.tensor.ShapeException("Linear: weight " + weight.shapeString() + " and bias "
                    + (bias == null ? "none" : bias.shapeString()) + " must be [out, in] and [out]");
        }
        this.outFeatures = weight.size(0);
        this.inFeatures = weight.size(1);
        registerWeights(weight, bias);
    }

    private static float bound(int fanIn) {
        return (float) (1.0 / Math.sqrt(fanIn));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor w = effectiveWeight();
        Tensor b = currentBias();
        return b == null ? input.linear(w) : input.linear(w, b);
    }

    @Override
    public String toString() {
        return "Linear(in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias() != null) + ")";
    }
}
