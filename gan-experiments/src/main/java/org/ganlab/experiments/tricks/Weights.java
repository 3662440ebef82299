package org.ganlab.experiments.tricks;

import java.util.List;
import org.ganlab.autograd.GradMode;
import org.ganlab.tensor.Tensor;

/** Setting a network's weights wholesale, as tricks that swap them in and out do. */
final class Weights {

    private Weights() {
    }

    /** Each parameter takes its value (outside any graph, as an optimiser step does). */
    static void assign(List<Tensor> params, List<Tensor> values) {
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).assign(values.get(i));
            }
        }
    }

    /** The parameters' current values, cut from the graph: what {@link #assign} restores bit for bit. */
    static List<Tensor> values(List<Tensor> params) {
        return params.stream().map(Tensor::detach).toList();
    }
}
