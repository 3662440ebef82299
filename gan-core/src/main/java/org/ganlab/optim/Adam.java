package org.ganlab.optim;

import java.util.List;
import java.util.Map;
import org.ganlab.tensor.Tensor;

/**
 * torch.optim.Adam. {@code decoupled=false}: weight decay is L2 added to the gradient (Adam);
 * {@code decoupled=true}: the parameter shrinks by {@code lr * weightDecay} before the step (AdamW).
 * Bias corrections are computed in double and epsilon is added after them, in PyTorch's order.
 */
public class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;
    private final Tensor[] firstMoments;
    private final Tensor[] secondMoments;
    private final int[] steps;
    private int cachedStep = -1;
    private double cachedLr;
    private double cachedWeightDecay;
    private float[] cachedScalars;

    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    protected Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled) {
        super(params, lr, weightDecay);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("invalid betas: " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
        this.firstMoments = new Tensor[this.params.size()];
        this.secondMoments = new Tensor[this.params.size()];
        this.steps = new int[this.params.size()];
    }

    @Override
    protected Map<String, Tensor[]> stateTensors() {
        return Map.of("exp_avg", firstMoments, "exp_avg_sq", secondMoments);
    }

    @Override
    protected Map<String, int[]> stateCounters() {
        return Map.of("step", steps);
    }

    /**
     * The update's constants at step t, as {@link org.ganlab.backend.OptimizerKernels#adam} takes them:
     * β1, 1 − β1, β2, 1 − β2, weight decay, 1 − lr·wd, √(1 − β2^t), eps, lr / (1 − β1^t).
     */
    private float[] scalars(int t, double lr) {
        // Every parameter usually is at the same step: its powers are computed once a step, not once a parameter.
        if (t == cachedStep && lr == cachedLr && weightDecay == cachedWeightDecay) {
            return cachedScalars;
        }
        cachedStep = t;
        cachedLr = lr;
        cachedWeightDecay = weightDecay;
        cachedScalars = computeScalars(t, lr);
        return cachedScalars;
    }

    private float[] computeScalars(int t, double lr) {
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        return new float[] {(float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) weightDecay,
            (float) (1 - lr * weightDecay), (float) biasCorrection2Sqrt, (float) eps, (float) (lr / biasCorrection1)};
    }

    @Override
    protected Tensor update(int i, Tensor p, Tensor grad) {
        int t = ++steps[i];
        org.ganlab.backend.OptimizerKernels kernels = fused(p);
        if (kernels != null) {
            float[] s = scalars(t, lr);
            if (org.ganlab.backend.capture.Recorder.recording()) {
                // A replay of a captured step counts the step and recomputes the bias corrections.
                int index = i;
                org.ganlab.backend.capture.Recorder.perStepScalars(() -> scalars(++steps[index], lr));
            }
            org.ganlab.backend.Buffer newParam = newBuffer(p);
            org.ganlab.backend.Buffer newM = newBuffer(p);
            org.ganlab.backend.Buffer newV = newBuffer(p);
            kernels.adam(viewOf(p), viewOf(grad), viewOf(firstMoments[i]), viewOf(secondMoments[i]), s[0], s[1], s[2],
                    s[3], s[4], decoupled, s[5], s[6], s[7], s[8], newParam, newM, newV);
            setState(firstMoments, i, fresh(p, newM), true);
            setState(secondMoments, i, fresh(p, newV), true);
            return fresh(p, newParam);
        }
        return composedUpdate(i, p, grad);
    }

    @Override
    protected int stepsTaken(int i) {
        return steps[i];
    }

    /** State: {exp_avg, exp_avg_sq}. */
    @Override
    protected Tensor rule(Tensor p, Tensor grad, Tensor[] state, int t, double lr) {
        float[] s = scalars(t, lr);
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decoupled) {
                p = p.mul(s[5]);
            } else {
                g = g.add(p.mul(s[4]));
            }
        }
        Tensor m = state[0] == null ? g.mul(s[1]) : state[0].mul(s[0]).add(g.mul(s[1]));
        Tensor gg = g.mul(g).mul(s[3]);
        Tensor v = state[1] == null ? gg : state[1].mul(s[2]).add(gg);
        state[0] = m;
        state[1] = v;
        Tensor denom = v.sqrt().div(s[6]).add(s[7]);
        return p.sub(m.div(denom).mul(s[8]));
    }
}
