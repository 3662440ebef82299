package org.ganlab.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ganlab.tensor.Tensor;

/**
 * Reverse-mode differentiation over the graph of {@link Node}s. Gradients flow in reverse
 * topological order; where a tensor feeds several operations its gradients are summed.
 */
public final class Autograd {

    private Autograd() {
    }

    /**
     * Accumulates d(root)/d(leaf) into {@code grad()} of every leaf that requires grad, like
     * {@code torch.Tensor.backward}. {@code gradient} is the seed (ones for a scalar root when null).
     */
    public static void backward(Tensor root, Tensor gradient, boolean createGraph) {
        Map<Tensor, Tensor> grads = propagate(List.of(root), List.of(seed(root, gradient)), createGraph, null);
        try (var mode = GradMode.set(createGraph)) {
            for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
                Tensor t = e.getKey();
                if (t.isLeaf() && t.requiresGrad()) {
                    accumulateGrad(t, e.getValue(), createGraph);
                }
            }
        }
    }

    /**
     * Like {@link #backward(Tensor, Tensor, boolean)} for a scalar root, but accumulates only into
     * the {@code inputs}' {@code grad()} ({@code loss.backward(inputs=...)} in PyTorch): a GAN's G
     * step then leaves D's gradients alone. An input the root does not depend on is left as it is.
     */
    public static void backward(Tensor root, List<Tensor> inputs) {
        Map<Tensor, Tensor> grads = propagate(List.of(root), List.of(seed(root, null)), false, inputs);
        try (var mode = GradMode.set(false)) {
            for (Tensor t : inputs) {
                Tensor g = grads.get(t);
                if (g != null) {
                    accumulateGrad(t, g, false);
                }
            }
        }
    }

    private static void accumulateGrad(Tensor t, Tensor g, boolean createGraph) {
        Tensor value = createGraph ? g : g.detach();
        t.setGrad(t.grad() == null ? value : t.grad().add(value));
    }

    /**
     * The gradients of the outputs with respect to the inputs, without touching any {@code grad()},
     * like {@code torch.autograd.grad}. With {@code createGraph} the results carry a graph, so a
     * gradient penalty built from them can be differentiated again.
     *
     * @param gradOutputs seeds, one per output, or null for ones on scalar outputs
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
            boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, false);
    }

    /**
     * As above; with {@code allowUnused} an input the outputs do not depend on gets a null gradient
     * (PyTorch's {@code allow_unused=True}) instead of an error.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
            boolean createGraph, boolean allowUnused) {
        List<Tensor> seeds = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            seeds.add(seed(outputs.get(i), gradOutputs == null ? null : gradOutputs.get(i)));
        }
        Map<Tensor, Tensor> grads = propagate(outputs, seeds, createGraph, inputs);
        List<Tensor> result = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = grads.get(inputs.get(i));
            if (g == null && !allowUnused) {
                throw new IllegalArgumentException("grad: input " + i + " " + inputs.get(i).shapeString()
                        + " is not reachable from the outputs (or does not require grad)");
            }
            result.add(g);
        }
        return result;
    }

    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, null, createGraph);
    }

    private static Tensor seed(Tensor output, Tensor gradient) {
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException("backward: tensor " + output.shapeString()
                    + " does not require grad and has no grad_fn");
        }
        if (gradient != null) {
            if (!java.util.Arrays.equals(gradient.shape(), output.shape())) {
                throw new IllegalArgumentException("backward: gradient shape " + gradient.shapeString()
                        + " differs from output shape " + output.shapeString());
            }
            return gradient;
        }
        if (output.size() != 1) {
            throw new IllegalArgumentException("backward: grad can be implicitly created only for scalar outputs, got "
                    + output.shapeString());
        }
        return Tensor.onesLike(output);
    }

    /** The tensors whose gradients the running backward pass needs; null when it needs every one. */
    private static final ThreadLocal<Set<Tensor>> NEEDED = new ThreadLocal<>();

    /**
     * Whether the backward pass now running needs the gradient with respect to {@code input}: it
     * requires grad and, where the pass was asked for some inputs only ({@code grad}, or
     * {@code backward(inputs)}), one of them depends on it. PyTorch's {@code ctx.needs_input_grad}:
     * a backward rule whose gradients are costly (a convolution's weight gradient, say) skips those
     * nobody asked for, as in a G step through D, where D's weight gradients are not wanted.
     */
    public static boolean needsGradient(Tensor input) {
        if (!input.requiresGrad()) {
            return false;
        }
        Set<Tensor> needed = NEEDED.get();
        return needed == null || needed.contains(input);
    }

    /**
     * Every tensor's total gradient, leaves and intermediates; with {@code inputs} only along the
     * paths that lead to them.
     */
    private static Map<Tensor, Tensor> propagate(List<Tensor> outputs, List<Tensor> seeds, boolean createGraph,
            List<Tensor> inputs) {
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            accumulate(grads, outputs.get(i), seeds.get(i));
        }
        List<Tensor> order = topologicalOrder(outputs);
        Set<Tensor> needed = inputs == null ? null : neededFor(order, inputs);
        Set<Tensor> outer = NEEDED.get();
        NEEDED.set(needed);
        try (var mode = GradMode.set(createGraph)) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Node node = t.gradFn();
                Tensor g = grads.get(t);
                if (node == null || g == null || (needed != null && !needed.contains(t))) {
                    continue;
                }
                node.checkVersions();
                Tensor[] inputGrads = node.backward().apply(g);
                for (int k = 0; k < node.inputs().length; k++) {
                    Tensor input = node.inputs()[k];
                    if (input.requiresGrad() && inputGrads[k] != null && (needed == null || needed.contains(input))) {
                        accumulate(grads, input, inputGrads[k]);
                    }
                }
            }
        } finally {
            NEEDED.set(outer);
        }
        return grads;
    }

    /** The tensors of the graph (inputs before outputs) from which one of {@code inputs} can be reached. */
    private static Set<Tensor> neededFor(List<Tensor> order, List<Tensor> inputs) {
        Set<Tensor> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        needed.addAll(inputs);
        for (Tensor t : order) {
            Node node = t.gradFn();
            if (node != null && !needed.contains(t)) {
                for (Tensor input : node.inputs()) {
                    if (needed.contains(input)) {
                        needed.add(t);
                        break;
                    }
                }
            }
        }
        return needed;
    }

    private static void accumulate(Map<Tensor, Tensor> grads, Tensor t, Tensor g) {
        Tensor previous = grads.get(t);
        grads.put(t, previous == null ? g : previous.add(g));
    }

    /** Inputs before the tensors made from them; iterative so deep graphs do not overflow the stack. */
    static List<Tensor> topologicalOrder(List<Tensor> roots) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (visited.add(root)) {
                stack.push(new Object[] {root, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                Node node = t.gradFn();
                if (node != null && next < node.inputs().length) {
                    frame[1] = next + 1;
                    Tensor input = node.inputs()[next];
                    if (input.requiresGrad() && visited.add(input)) {
                        stack.push(new Object[] {input, 0});
                    }
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }
}
