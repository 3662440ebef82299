package org.ganlab.loss;

import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Tensor;

/**
 * Cross-entropy of class logits against class indices, averaged over the batch: PyTorch's
 * {@code F.cross_entropy(logits, labels)}. Composed from tensor operations as
 * {@code logsumexp(x) − x[label]}, the maximum subtracted first (as a constant) so that no
 * exponential overflows; autograd gives {@code softmax(x) − onehot(label)} and its derivatives.
 */
public final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * @param logits {@code [N, C]}
     * @param labels N class indices in {@code [0, C)}
     */
    public static Tensor apply(Tensor logits, int[] labels) {
        if (logits.dim() != 2 || logits.size(0) != labels.length) {
            throw new ShapeException("cross_entropy: logits " + logits.shapeString() + " must be [N, classes] for "
                    + labels.length + " labels");
        }
        int n = labels.length;
        int classes = logits.size(1);
        float[] onehot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("cross_entropy: label " + labels[i] + " of example " + i
                        + " is outside [0, " + classes + ")");
            }
            onehot[i * classes + labels[i]] = 1f;
        }
        Tensor shift;
        try (var noGrad = GradMode.noGrad()) {
            shift = logits.amax(new int[] {1}, true);
        }
        Tensor shifted = logits.sub(shift); // a constant shift: logsumexp's value and gradient are unchanged
        Tensor logSumExp = shifted.exp().sum(1, true).log();
        Tensor picked = shifted.mul(Tensor.of(logits.backend(), onehot, n, classes)).sum(1, true);
        return logSumExp.sub(picked).mean();
    }
}
