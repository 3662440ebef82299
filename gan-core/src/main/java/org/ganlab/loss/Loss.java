package org.ganlab.loss;

import java.util.Arrays;
import org.ganlab.tensor.ShapeException;
import org.ganlab.tensor.Shapes;
import org.ganlab.tensor.Tensor;

/**
 * A loss averaged over all elements. Targets may be soft (any value in [0, 1] for the BCE losses);
 * the optional weight, broadcastable to the prediction, multiplies each element's loss before the
 * mean. Targets and weights are constants: gradients flow to the prediction only.
 */
public interface Loss {

    String name();

    /** The per-element loss, before weighting and the mean. */
    Tensor elementwise(Tensor prediction, Tensor target);

    default Tensor apply(Tensor prediction, Tensor target, Tensor weight) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new ShapeException(name() + ": prediction shape " + prediction.shapeString()
                    + " differs from target shape " + target.shapeString());
        }
        Tensor losses = elementwise(prediction, target.detach());
        if (weight != null) {
            int[] broadcast = Shapes.broadcast(name(), prediction.shape(), weight.shape());
            if (!Arrays.equals(broadcast, prediction.shape())) {
                throw new ShapeException(name() + ": weight shape " + weight.shapeString()
                        + " does not broadcast to prediction shape " + prediction.shapeString());
            }
            losses = losses.mul(weight.detach());
        }
        return losses.mean();
    }

    default Tensor apply(Tensor prediction, Tensor target) {
        return apply(prediction, target, null);
    }

    /** Every element has the same target, e.g. 1 for "real". */
    default Tensor apply(Tensor prediction, float target) {
        return apply(prediction, Tensor.full(target, prediction.shape()), null);
    }
}
