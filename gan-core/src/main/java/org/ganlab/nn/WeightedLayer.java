package org.ganlab.nn;

import java.util.function.UnaryOperator;
import org.ganlab.tensor.Tensor;

/**
 * A layer that multiplies by a weight (linear and convolution layers), whose weight can be
 * reparametrised, as spectral normalisation does, through PyTorch's {@code register_parametrization}.
 */
public abstract class WeightedLayer extends Module {

    private Tensor weight;
    private Tensor bias;
    private UnaryOperator<Tensor> weightParametrization;

    /** Registers the layer's weight and its bias (null for none) as its parameters, in that order. */
    protected void registerWeights(Tensor weight, Tensor bias) {
        this.weight = registerParameter("weight", weight);
        this.bias = bias == null ? null : registerParameter("bias", bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null. */
    public Tensor bias() {
        return bias;
    }

    /** A convolution's output {@code [N, C, H, W]} plus the bias per channel, or as it is without a bias. */
    protected Tensor plusChannelBias(Tensor y) {
        Tensor b = current(bias);
        return b == null ? y : y.add(b.reshape(1, b.size(0), 1, 1));
    }

    /**
     * The weight's axis that indexes the layer's outputs: 0, but 1 for a transposed convolution
     * ({@code [in, out, kh, kw]}); PyTorch's {@code spectral_norm} takes the same axis as the matrix's rows.
     */
    public int outputAxis() {
        return 0;
    }

    /** A weight of this layer's shape as a matrix {@code [outputs, everything else]}. */
    public Tensor asMatrix(Tensor w) {
        Tensor rowsFirst = outputAxis() == 0 ? w : w.transpose(0, outputAxis());
        return rowsFirst.dim() == 2 ? rowsFirst : rowsFirst.contiguous().reshape(rowsFirst.size(0), -1);
    }

    /**
     * Makes the layer use {@code f(weight)} instead of its weight, recomputed at every forward pass and
     * differentiated through. The parameter itself stays {@link #weight()}.
     */
    public void parametrizeWeight(UnaryOperator<Tensor> f) {
        if (weightParametrization != null) {
            throw new IllegalStateException("parametrizeWeight: " + this + " already has a weight parametrization");
        }
        weightParametrization = f;
    }

    /** The weight the layer uses: the parameter (or its replacement, {@link #forwardWith}), or its parametrization. */
    public Tensor effectiveWeight() {
        Tensor w = current(weight);
        return weightParametrization == null ? w : weightParametrization.apply(w);
    }

    /** The bias the layer adds (its replacement inside {@link #forwardWith}), or null. */
    protected Tensor currentBias() {
        return current(bias);
    }
}
