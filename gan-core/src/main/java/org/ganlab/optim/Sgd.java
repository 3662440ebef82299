package org.ganlab.optim;

import java.util.List;
import org.ganlab.tensor.Tensor;

/** torch.optim.SGD without dampening or Nesterov: L2 weight decay, then momentum, then the step. */
public final class Sgd extends Optimizer {

    private final double momentum;
    private final Tensor[] buffers;

    public Sgd(List<Tensor> params, double lr) {
        this(params, lr, 0, 0);
    }

    public Sgd(List<Tensor> params, double lr, double momentum, double weightDecay) {
        super(params, lr, weightDecay);
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("invalid momentum: " + momentum);
        }
        this.momentum = momentum;
        this.buffers = new Tensor[this.params.size()];
    }

    @Override
    protected Tensor update(int i, Tensor p, Tensor grad) {
        Tensor g = weightDecay != 0 ? grad.add(p.mul((float) weightDecay)) : grad;
        if (momentum != 0) {
            buffers[i] = buffers[i] == null ? g : buffers[i].mul((float) momentum).add(g);
            g = buffers[i];
        }
        return p.sub(g.mul((float) lr));
    }
}
