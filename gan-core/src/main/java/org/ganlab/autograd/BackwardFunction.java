package org.ganlab.autograd;

import org.ganlab.tensor.Tensor;

/**
 * Maps the gradient of an operation's output to the gradients of its inputs, written with
 * {@link Tensor} operations, so that with {@code createGraph} the backward pass is itself recorded
 * and can be differentiated again. An entry may be null where an input needs no gradient.
 */
@FunctionalInterface
public interface BackwardFunction {
    Tensor[] apply(Tensor gradOutput);
}
