package org.ganlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.tensor.Tensor;

/**
 * A network part with parameters and sub-modules, both kept in registration order so that
 * {@link #parameters()} lists them as PyTorch does: own parameters first, then each child's.
 */
public abstract class Module {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private boolean training = true;
    /** The parameters a running {@link #forwardWith} replaces, by identity; null outside one. */
    private static final ThreadLocal<Map<Tensor, Tensor>> REPLACED = new ThreadLocal<>();

    public abstract Tensor forward(Tensor input);

    /**
     * {@link #forward} with some of this module's parameters replaced by other tensors of the same
     * shapes, PyTorch's {@code torch.func.functional_call}: the output is then a function of the
     * replacements (an unrolled GAN's G looks through D's parameters after look-ahead steps that
     * depend on G). The module itself is unchanged.
     *
     * @param replacements parameter → the tensor used instead
     */
    public Tensor forwardWith(Map<Tensor, Tensor> replacements, Tensor input) {
        Map<Tensor, Tensor> byIdentity = new java.util.IdentityHashMap<>();
        List<Tensor> own = parameters();
        replacements.forEach((p, r) -> {
            if (own.stream().noneMatch(q -> q == p)) {
                throw new IllegalArgumentException("forwardWith: " + p.shapeString() + " is not a parameter of " + this);
            }
            if (!java.util.Arrays.equals(p.shape(), r.shape())) {
                throw new org.ganlab.tensor.ShapeException("forwardWith: replacement " + r.shapeString()
                        + " for a parameter " + p.shapeString());
            }
            byIdentity.put(p, r);
        });
        Map<Tensor, Tensor> outer = REPLACED.get();
        if (outer != null) {
            outer.forEach(byIdentity::putIfAbsent);
        }
        REPLACED.set(byIdentity);
        try {
            return forward(input);
        } finally {
            REPLACED.set(outer);
        }
    }

    /**
     * A parameter as the running forward pass must use it: itself, or its replacement inside
     * {@link #forwardWith}. Layers read their parameters through it in {@link #forward}.
     */
    protected static Tensor current(Tensor parameter) {
        Map<Tensor, Tensor> replaced = REPLACED.get();
        if (replaced == null || parameter == null) {
            return parameter;
        }
        return replaced.getOrDefault(parameter, parameter);
    }

    /** Registers a leaf tensor as a trainable parameter (sets requiresGrad). */
    protected Tensor registerParameter(String name, Tensor parameter) {
        if (taken(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        parameters.put(name, parameter.requiresGrad(true));
        return parameter;
    }

    protected <M extends Module> M registerModule(String name, M module) {
        if (taken(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        children.put(name, module);
        return module;
    }

    /**
     * Registers state that is not trained (batch norm's running statistics): optimisers never see it,
     * checkpoints save it with the parameters ({@link #namedState()}). Update it with
     * {@link Tensor#assign} so that the registered tensor stays the one that holds it.
     */
    protected Tensor registerBuffer(String name, Tensor buffer) {
        if (taken(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        buffers.put(name, buffer.requiresGrad(false));
        return buffer;
    }

    private boolean taken(String name) {
        return parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name);
    }

    /** All parameters, recursively, in PyTorch's order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted path, e.g. {@code 0.weight}, in PyTorch's order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>(parameters);
        children.forEach((childName, child) ->
                child.namedParameters().forEach((name, p) -> all.put(childName + "." + name, p)));
        return all;
    }

    /** Buffers by dotted path, e.g. {@code 1.running_mean}, in the order of {@link #namedParameters()}. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> all = new LinkedHashMap<>(buffers);
        children.forEach((childName, child) ->
                child.namedBuffers().forEach((name, b) -> all.put(childName + "." + name, b)));
        return all;
    }

    /** What a checkpoint must hold to restore this module: its parameters, then its buffers (PyTorch's {@code state_dict} holds the same). */
    public Map<String, Tensor> namedState() {
        Map<String, Tensor> all = namedParameters();
        all.putAll(namedBuffers());
        return all;
    }

    /** Training mode (the default): batch norm normalises with the batch's statistics and updates its running ones. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode: batch norm normalises with its running statistics and leaves them alone. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean value) {
        for (Module m : modules()) {
            m.training = value;
        }
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** This module and every module below it, depth first in registration order (PyTorch's {@code modules()}). */
    public List<Module> modules() {
        List<Module> all = new ArrayList<>(List.of(this));
        children.values().forEach(child -> all.addAll(child.modules()));
        return all;
    }

    public List<Module> children() {
        return Collections.unmodifiableList(new ArrayList<>(children.values()));
    }

    /** Forgets accumulated gradients (sets them to null, PyTorch's default). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.setGrad(null);
        }
    }

    /** Freezes ({@code false}) or unfreezes every parameter. */
    public Module requiresGrad(boolean value) {
        for (Tensor p : parameters()) {
            p.requiresGrad(value);
        }
        return this;
    }

    @Override
    public String toString() {
        if (children.isEmpty()) {
            return getClass().getSimpleName() + "()";
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(\n");
        children.forEach((name, child) -> sb.append("  (").append(name).append("): ")
                .append(child.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }
}
