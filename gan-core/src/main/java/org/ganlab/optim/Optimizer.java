package org.ganlab.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The new value of parameter {@code index} given its gradient: the update composed from tensor
     * operations, or, where an optimiser overrides this, the backend's fused kernel when it has one.
     */
    protected Tensor update(int index, Tensor param, Tensor grad) {
        return composedUpdate(index, param, grad);
    }

    /**
     * The update as tensor operations, PyTorch's functional optimiser: a parameter's new value from
     * its value, its gradient and its state at its {@code step}-th step (1 for the first) with
     * learning rate {@code lr}. {@code state} holds the parameter's state tensors in
     * {@link #stateTensorList}'s order (null where none yet) and is replaced by the new state.
     * Differentiable where its inputs carry graphs: the composed step and a {@link LookAhead} both
     * run it.
     */
    protected abstract Tensor rule(Tensor param, Tensor grad, Tensor[] state, int step, double lr);

    /** Steps parameter {@code index} has taken (Adam's bias corrections count them); 0 where none are counted. */
    protected int stepsTaken(int index) {
        return 0;
    }

    /** The update composed from tensor operations (where the backend has no fused kernel): {@link #rule} on the kept state. */
    protected final Tensor composedUpdate(int index, Tensor param, Tensor grad) {
        List<Tensor[]> kinds = stateKinds();
        Tensor[] state = stateOf(kinds, index);
        Tensor next = rule(param, grad, state, stepsTaken(index), lr);
        for (int k = 0; k < state.length; k++) {
            setState(kinds.get(k), index, state[k], false);
        }
        return next;
    }

    /** Each kind of per-parameter state (exp_avg, exp_avg_sq, ...), in the fixed order of their names. */
    private List<Tensor[]> stateKinds() {
        return new java.util.ArrayList<>(new java.util.TreeMap<>(stateTensors()).values());
    }

    /** Parameter {@code index}'s state tensors, in {@link #stateTensorList}'s order (null where none yet). */
    final Tensor[] stateOf(int index) {
        return stateOf(stateKinds(), index);
    }

    private static Tensor[] stateOf(List<Tensor[]> kinds, int index) {
        return kinds.stream().map(ts -> ts[index]).toArray(Tensor[]::new);
    }

    /**
     * Steps that this optimiser would take from its parameters and state as they are now, run on
     * copies that keep their graphs (the unrolled GAN's look-ahead): the optimiser itself is
     * unchanged.
     *
     * @param lr the look-ahead's learning rate
     */
    public LookAhead lookAhead(double lr) {
        return new LookAhead(this, lr);
    }

    /** The backend's fused updates, when it offers them (else the update is composed from primitives). */
    protected static org.ganlab.backend.OptimizerKernels fused(Tensor param) {
        return org.ganlab.backend.capture.Recorder.target(param.backend())
                .capability(org.ganlab.backend.OptimizerKernels.class);
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
        // A step being captured reads the previous state again at every replay.
        if (freePrevious && previous != null && previous.view().buffer() != next.view().buffer()
                && !org.ganlab.backend.capture.Recorder.recording()) {
            previous.view().buffer().close();
        }
    }

    protected static org.ganlab.backend.View viewOf(Tensor t) {
        return t == null ? null : t.contiguous().view();
    }

    /**
     * What the optimiser has learnt, by parameter, as PyTorch's {@code state_dict()} holds it: named
     * per-parameter arrays (null where a parameter has had no step yet), per-parameter step counts,
     * and the hyper-parameters a schedule may change. A checkpoint saves it; {@link #loadState}
     * continues from it bit for bit.
     */
    public record State(Map<String, float[][]> tensors, Map<String, int[]> counters, double lr, double weightDecay) {
    }

    /** The optimiser's per-parameter tensors by name (PyTorch's names: exp_avg, momentum_buffer, ...); none by default. */
    protected Map<String, Tensor[]> stateTensors() {
        return Map.of();
    }

    /** The optimiser's per-parameter counters by name (Adam's step); none by default. */
    protected Map<String, int[]> stateCounters() {
        return Map.of();
    }

    /**
     * The per-parameter state tensors, state by state in a fixed order (null where a parameter has
     * none yet): what a captured step carries from step to step.
     */
    public List<Tensor> stateTensorList() {
        List<Tensor> all = new java.util.ArrayList<>();
        stateKinds().forEach(ts -> all.addAll(java.util.Arrays.asList(ts)));
        return all;
    }

    public State state() {
        Map<String, float[][]> tensors = new LinkedHashMap<>();
        stateTensors().forEach((name, ts) -> {
            float[][] values = new float[ts.length][];
            for (int i = 0; i < ts.length; i++) {
                values[i] = ts[i] == null ? null : ts[i].toFloatArray();
            }
            tensors.put(name, values);
        });
        Map<String, int[]> counters = new LinkedHashMap<>();
        stateCounters().forEach((name, c) -> counters.put(name, c.clone()));
        return new State(tensors, counters, lr, weightDecay);
    }

    /** Continues from a saved state; it must be this optimiser's kind over parameters of the same sizes. */
    public void loadState(State s) {
        Map<String, Tensor[]> tensors = stateTensors();
        if (!tensors.keySet().equals(s.tensors().keySet()) || !stateCounters().keySet().equals(s.counters().keySet())) {
            throw new IllegalArgumentException("optimiser state of another kind: " + s.tensors().keySet() + " "
                    + s.counters().keySet() + ", this " + getClass().getSimpleName() + " keeps " + tensors.keySet() + " "
                    + stateCounters().keySet());
        }
        tensors.forEach((name, ts) -> {
            float[][] values = s.tensors().get(name);
            if (values.length != ts.length) {
                throw new IllegalArgumentException(name + ": state for " + values.length + " parameters, this optimiser has "
                        + ts.length);
            }
            for (int i = 0; i < ts.length; i++) {
                Tensor p = params.get(i);
                if (values[i] != null && values[i].length != p.size()) {
                    throw new IllegalArgumentException(name + " of parameter " + i + ": " + values[i].length
                            + " values for a parameter of " + p.size());
                }
                ts[i] = values[i] == null ? null : MemoryScope.keep(Tensor.of(p.backend(), values[i], p.shape()));
            }
        });
        stateCounters().forEach((name, c) -> System.arraycopy(s.counters().get(name), 0, c, 0, c.length));
        lr = s.lr();
        weightDecay = s.weightDecay();
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
