package org.ganlab.experiments.step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.step.Trick.DiscriminatorPass;
import org.ganlab.experiments.step.Trick.Fakes;
import org.ganlab.experiments.step.Trick.Gradients;
import org.ganlab.experiments.step.Trick.Input;
import org.ganlab.experiments.step.Trick.Player;
import org.ganlab.experiments.step.Trick.Shown;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/** A run's tricks applied at each hook of the step, in the order given. */
final class TrickChain {

    private final List<Trick> tricks;
    private final Fakes fakes;

    TrickChain(List<Trick> tricks) {
        this.tricks = List.copyOf(tricks);
        Fakes chain = TrickChain::generate;
        // Reverse order so that the first trick given is the outermost hook.
        for (int i = tricks.size() - 1; i >= 0; i--) {
            Trick trick = tricks.get(i);
            Fakes next = chain;
            chain = (g, latent) -> trick.fakes(g, latent, next);
        }
        this.fakes = chain;
    }

    /** The step's own fakes: one batch of G(z), without a graph. */
    private static List<Tensor> generate(Module g, Tensor latent) {
        try (var noGrad = GradMode.noGrad()) {
            return List.of(g.forward(latent));
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

    void attach(Module d, Module g, Draws draws) {
        tricks.forEach(t -> t.attach(d, g, draws));
    }

    List<Tensor> fakes(Module g, Tensor latent) {
        return fakes.generate(g, latent);
    }

    Tensor input(Tensor x, Input which, int step) {
        return through(x, (trick, in) -> trick.discriminatorInput(in, which, step));
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

    void afterUpdate(Player player, Module network) {
        tricks.forEach(t -> t.afterUpdate(player, network));
    }

    Gradients gradients(Gradients plain) {
        return through(plain, Trick::gradients);
    }

    /** Every trick's state ({@link Trick#state}), trick by trick. */
    List<Tensor> state() {
        List<Tensor> all = new ArrayList<>();
        tricks.forEach(t -> all.addAll(t.state()));
        return all;
    }

    /** Every trick's evaluation, opened in order and restored in reverse. */
    Evaluation evaluate(Module g) {
        List<Shown> open = new ArrayList<>();
        for (Trick trick : tricks) {
            Shown shown = trick.evaluate(g);
            if (shown != null) {
                open.add(shown);
            }
        }
        return new Evaluation(open);
    }
}
