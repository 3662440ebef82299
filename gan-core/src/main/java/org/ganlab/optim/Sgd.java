package org.ganlab.optim;

import java.util.List;
import java.util.Map;
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
    protected Map<String, Tensor[]> stateTensors() {
        return Map.of("momentum_buffer", buffers);
    }

    @Override
    protected Tensor update(int i, Tensor p, Tensor grad) {
        org.ganlab.backend.OptimizerKernels kernels = fused(p);
        if (kernels != null) {
            org.ganlab.backend.Buffer newParam = newBuffer(p);
            org.ganlab.backend.Buffer newBuf = momentum != 0 ? newBuffer(p) : null;
            kernels.sgd(viewOf(p), viewOf(grad), viewOf(buffers[i]), (float) lr, (float) momentum, (float) weightDecay,
                    newParam, newBuf);
            if (newBuf != null) {
                setState(buffers, i, fresh(p, newBuf), true);
            }
            return fresh(p, newParam);
        }
        return composedUpdate(i, p, grad);
    }

    @Override
    protected Tensor rule(Tensor p, Tensor grad, Tensor[] state, int step, double lr) {
        Tensor g = weightDecay != 0 ? grad.add(p.mul((float) weightDecay)) : grad;
        if (momentum != 0) {
            state[0] = state[0] == null ? g : state[0].mul((float) momentum).add(g);
            g = state[0];
        }
        return p.sub(g.mul((float) lr));
    }
}
