package org.ganlab.experiments.training;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.tricks.Trick;
import org.ganlab.experiments.tricks.Trick.DiscriminatorPass;
import org.ganlab.experiments.tricks.Trick.FakeSource;
import org.ganlab.experiments.tricks.Trick.Fakes;
import org.ganlab.experiments.tricks.Trick.Gradients;
import org.ganlab.experiments.tricks.Trick.Input;
import org.ganlab.experiments.tricks.Trick.LossWeights;
import org.ganlab.experiments.tricks.Trick.Scope;
import org.ganlab.experiments.tricks.Trick.Targets;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/** A run's tricks applied at each hook of the step, in the order given. */
final class TrickChain {

    private final List<Trick> tricks;
    private final Fakes fakes;
    private final boolean needsInputGradients;
    private final boolean needsGradientGraph;

    TrickChain(List<Trick> tricks) {
        this.tricks = List.copyOf(tricks);
        Fakes chain = TrickChain::generate;
        // Reverse order so that the first trick given is the outermost hook.
        for (int i = tricks.size() - 1; i >= 0; i--) {
            Trick trick = tricks.get(i);
            Fakes next = chain;
            chain = source -> trick.fakes(source, next);
        }
        this.fakes = chain;
        this.needsInputGradients = tricks.stream().anyMatch(Trick::needsInputGradients);
        this.needsGradientGraph = tricks.stream().anyMatch(Trick::needsGradientGraph);
    }

    /** Refuses a trick given twice, and whatever a trick refuses in this step. */
    static void check(StepSettings settings, List<Trick> tricks) {
        Set<String> names = new HashSet<>();
        for (Trick t : tricks) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("--trick " + t.name() + " is given twice; give each trick once, "
                        + "with all its options");
            }
        }
        for (Trick t : tricks) {
            t.check(settings, tricks);
        }
    }

    /** The step's own fakes: one batch of G(z), without a graph through G unless asked to keep it. */
    private static List<Tensor> generate(FakeSource source) {
        try (var mode = GradMode.set(source.attached() && GradMode.isEnabled())) {
            return List.of(source.generator().forward(source.latent()));
        }
    }

    /** {@code value} passed through each trick's hook in turn: each trick changes what the one before made. */
    private <T> T through(T value, BiFunction<Trick, T, T> hook) {
        T v = value;
        for (Trick trick : tricks) {
            v = hook.apply(trick, v);
        }
        return v;
    }

    Targets targets() {
        return through(new Targets(1f, 0f), Trick::targets);
    }

    LossWeights weights() {
        return through(new LossWeights(1f, 1f), Trick::weights);
    }

    OptimizerSpec discriminatorOptimizer(OptimizerSpec spec) {
        return through(spec, Trick::discriminatorOptimizer);
    }

    void attach(Module d, Module g, Draws draws) {
        tricks.forEach(t -> t.attach(d, g, draws));
    }

    List<Tensor> fakes(FakeSource source) {
        return fakes.generate(source);
    }

    Tensor input(Tensor x, Input which, int step) {
        return through(x, (trick, in) -> trick.discriminatorInput(in, which, step));
    }

    boolean needsInputGradients() {
        return needsInputGradients;
    }

    /** The sum of the tricks' penalties, or null when none adds one. */
    Tensor penalty(DiscriminatorPass pass) {
        Tensor total = null;
        for (Trick trick : tricks) {
            Tensor p = trick.penalty(pass);
            if (p != null) {
                total = total == null ? p : total.add(p);
            }
        }
        return total;
    }

    void afterDiscriminatorStep(Module d) {
        tricks.forEach(t -> t.afterDiscriminatorStep(d));
    }

    void afterGeneratorStep(Module g) {
        tricks.forEach(t -> t.afterGeneratorStep(g));
    }

    boolean needsGradientGraph() {
        return needsGradientGraph;
    }

    Gradients gradients(Gradients plain) {
        return through(plain, Trick::gradients);
    }

    /** Every trick's evaluation scope, opened in order and closed in reverse. */
    Scope evaluate(Module g) {
        List<Scope> open = new ArrayList<>();
        for (Trick trick : tricks) {
            open.add(trick.evaluate(g));
        }
        return () -> {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        };
    }

    /** What evaluation shows instead of the trained G, or null. */
    String evaluatedGenerator() {
        List<String> shown = tricks.stream().map(Trick::evaluatedGenerator).filter(s -> s != null).toList();
        return shown.isEmpty() ? null : String.join(", ", shown);
    }
}
