package org.ganlab.optim;

import java.util.List;
import java.util.Map;
import org.ganlab.tensor.Tensor;

/**
 * torch.optim.RMSprop without momentum and not centred: L2 weight decay, then
 * {@code v = α·v + (1 − α)·g²} and {@code p' = p − lr·g / (sqrt(v) + eps)}, in PyTorch's order.
 */
public final class RmsProp extends Optimizer {

    private final double alpha;
    private final double eps;
    private final Tensor[] squareAverages;

    public RmsProp(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0);
    }

    public RmsProp(List<Tensor> params, double lr, double alpha, double eps, double weightDecay) {
        super(params, lr, weightDecay);
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("invalid alpha: " + alpha);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("invalid epsilon: " + eps);
        }
        this.alpha = alpha;
        this.eps = eps;
        this.squareAverages = new Tensor[this.params.size()];
    }

    @Override
    protected Map<String, Tensor[]> stateTensors() {
        return Map.of("square_avg", squareAverages);
    }

    @Override
    protected Tensor rule(Tensor p, Tensor grad, Tensor[] state, int step, double lr) {
        Tensor g = weightDecay != 0 ? grad.add(p.mul((float) weightDecay)) : grad;
        Tensor gg = g.mul(g).mul((float) (1 - alpha));
        state[0] = state[0] == null ? gg : state[0].mul((float) alpha).add(gg);
        return p.sub(g.div(state[0].sqrt().add((float) eps)).mul((float) lr));
    }
}
