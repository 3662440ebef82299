package org.ganlab.experiments.tricks;

import java.util.List;
import org.ganlab.autograd.Autograd;
import org.ganlab.tensor.Tensor;

/** ∇ₓ D(x) per example, with a graph, so that a penalty on it can be differentiated with respect to D's weights. */
final class InputGradients {

    private InputGradients() {
    }

    /**
     * ‖∇ₓ D(x)‖² for each example of the batch, shape {@code [batch]}. The examples are independent,
     * so the gradient of the sum of D's outputs holds each example's own gradient in its row.
     */
    static Tensor squaredNorms(Tensor output, Tensor input) {
        Tensor grad = Autograd.grad(output.sum(), List.of(input), true).get(0);
        return grad.mul(grad).reshape(input.size(0), -1).sum(1, false);
    }
}
