package org.ganlab.nn;

import org.ganlab.tensor.Tensor;

/** Applies its modules in order; they are named {@code 0, 1, ...} as in PyTorch. */
public final class Sequential extends Module {

    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) {
            registerModule(Integer.toString(i), modules[i]);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : children()) {
            x = m.forward(x);
        }
        return x;
    }
}
