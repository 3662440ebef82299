package org.ganlab.optim;

import java.util.List;
import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Tensor;

/**
 * Updates parameters from their accumulated gradients. {@link #step()} runs without recording a
 * graph and skips parameters whose gradient is null, as torch.optim does.
 */
public abstract class Optimizer {

    protected final List<Tensor> params;
    protected double lr;
    protected double weightDecay;

    protected Optimizer(List<Tensor> params, double lr, double weightDecay) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("invalid learning rate: " + lr);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("invalid weight decay: " + weightDecay);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** Forgets the parameters' gradients (sets them to null). */
    public void zeroGrad() {
        for (Tensor p : params) {
            p.setGrad(null);
        }
    }

    public final void step() {
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) {
                    p.assign(update(i, p, p.grad()));
                }
            }
        }
    }

    /** The new value of parameter {@code index} given its gradient. */
    protected abstract Tensor update(int index, Tensor param, Tensor grad);

    /** The backend's fused updates, when it offers them (else the update is composed from primitives). */
    protected static org.ganlab.backend.OptimizerKernels fused(Tensor param) {
        return param.backend().capability(org.ganlab.backend.OptimizerKernels.class);
    }

    /** A buffer of the parameter's size on its backend, for a fused kernel's output, owned by the open memory scope. */
    protected static org.ganlab.backend.Buffer newBuffer(Tensor param) {
        return MemoryScope.allocate(param.backend(), param.size());
    }

    /** A fresh buffer of the parameter's shape on its backend. */
    protected static Tensor fresh(Tensor param, org.ganlab.backend.Buffer buffer) {
        return Tensor.wrap(param.backend(), org.ganlab.backend.View.contiguous(buffer, param.shape()));
    }

    /**
     * Stores state that must outlive memory scopes (moments, momentum buffers). With
     * {@code freePrevious} the previous state's storage is freed at once: only for a fused kernel's
     * fresh outputs, which nothing but this optimiser has seen (composed state may share storage
     * with a gradient).
     */
    protected static void setState(Tensor[] states, int i, Tensor next, boolean freePrevious) {
        Tensor previous = states[i];
        states[i] = MemoryScope.keep(next);
        if (freePrevious && previous != null && previous.view().buffer() != next.view().buffer()) {
            previous.view().buffer().close();
        }
    }

    protected static org.ganlab.backend.View viewOf(Tensor t) {
        return t == null ? null : t.contiguous().view();
    }

    public List<Tensor> params() {
        return params;
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
    }
}
