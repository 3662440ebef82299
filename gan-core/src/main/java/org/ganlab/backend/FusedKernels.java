package org.ganlab.backend;

/**
 * Optional fused layer kernels a backend may offer (found with {@link Backend#capability}). Each
 * does in one pass what gan-core otherwise composes from several primitives, and must give that
 * composition's bits; gan-core keeps the composed backward rule, so gradients are unchanged.
 */
public interface FusedKernels {

    /**
     * A rectifier: {@code factor[i] = src[i] > 0 ? positive : negative} and
     * {@code out[i] = src[i] · factor[i]} (ReLU is 1 and 0, LeakyReLU the factors gan-core's mask
     * gives). {@code src} may be strided; both outputs are fresh, contiguous and of its shape.
     * The factor is the backward pass's mask, so it is written too.
     */
    void rectify(View src, float positive, float negative, Buffer out, Buffer factor);

    /**
     * A linear layer's forward pass, {@code out = x·weightᵀ + bias}: x is {@code [m, k]}, weight
     * {@code [n, k]}, bias {@code [n]} (any may be strided); out is fresh, {@code [m, n]}. Each
     * element is the matrix product's value, rounded as {@link Backend#matmul} rounds it, plus the
     * bias, rounded once: the bits of the product followed by a broadcast add.
     */
    void linear(View x, View weight, View bias, Buffer out);
}
