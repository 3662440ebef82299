package org.ganlab.experiments.tricks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.nn.WeightedLayer;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Tensor;

/**
 * Spectral normalisation (Miyato et al. 2018) of every linear and convolution layer of D: the layer
 * uses W/σ(W), σ the largest singular value of W as a matrix {@code [outputs, everything else]} (a
 * convolution's {@code [out, in·kh·kw]}, a transposed one's {@code [out, in·kh·kw]} from its
 * {@code [in, out, kh, kw]}: PyTorch's {@code dim}), estimated by power iteration as
 * {@code torch.nn.utils.spectral_norm} does in training mode: at each forward pass that records a graph, without gradient,
 * {@code v = normalise(Wᵀu)}, {@code u = normalise(Wv)} ({@code iterations} times); then
 * {@code σ = uᵀWv} with the gradient through W. The vectors u are the trick's state. Evaluations
 * without a graph (pictures, results) reuse them and leave them unchanged.
 */
public final class SpectralNorm implements Trick {

    private static final float NORM_FLOOR = 1e-12f;

    private final int iterations;
    private final List<Tensor> initialU;
    private final List<Vectors> layers = new ArrayList<>();

    /** One layer's power-iteration vectors, as columns. */
    private static final class Vectors {
        Tensor u;
        Tensor v;

        Vectors(Tensor u) {
            this.u = u;
        }
    }

    /** @param initialU each layer's starting u (in D's layer order), or null to draw them, normalised N(0, 1) */
    public SpectralNorm(int iterations, List<Tensor> initialU) {
        this.iterations = iterations;
        this.initialU = initialU == null ? null : List.copyOf(initialU);
    }

    @Override
    public String name() {
        return "spectral-norm";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("iterations", iterations);
    }

    @Override
    public void attach(Module d, Module g, Draws draws) {
        List<WeightedLayer> linears = d.modules().stream().filter(m -> m instanceof WeightedLayer)
                .map(m -> (WeightedLayer) m).toList();
        if (linears.isEmpty()) {
            throw new IllegalStateException("spectral-norm: D has no linear or convolution layers to normalise");
        }
        if (initialU != null && initialU.size() != linears.size()) {
            throw new IllegalArgumentException("spectral-norm: " + initialU.size() + " starting vectors for "
                    + linears.size() + " layers");
        }
        for (int i = 0; i < linears.size(); i++) {
            WeightedLayer layer = linears.get(i);
            int out = layer.asMatrix(layer.weight()).size(0);
            Tensor u;
            try (var noGrad = GradMode.noGrad()) {
                u = normalise(initialU != null ? initialU.get(i).reshape(out, 1) : draws.normal("spectral_norm_u", 1f, out, 1));
            }
            Vectors vectors = new Vectors(u);
            layers.add(vectors);
            layer.parametrizeWeight(w -> w.div(sigma(layer.asMatrix(w), vectors)));
        }
    }

    /** σ of the matrix w, with the vectors' power iteration when a graph is recorded. */
    private Tensor sigma(Tensor w, Vectors s) {
        boolean training = GradMode.isEnabled();
        try (var noGrad = GradMode.noGrad()) {
            if (training) {
                for (int i = 0; i < iterations; i++) {
                    s.v = MemoryScope.keep(normalise(w.transpose().matmul(s.u)));
                    s.u = MemoryScope.keep(normalise(w.matmul(s.v)));
                }
            } else if (s.v == null) {
                s.v = MemoryScope.keep(normalise(w.transpose().matmul(s.u)));
            }
        }
        return s.u.transpose().matmul(w.matmul(s.v));
    }

    private static Tensor normalise(Tensor x) {
        return x.div(x.mul(x).sum().sqrt().clamp(NORM_FLOOR, Float.POSITIVE_INFINITY));
    }

    /** Each layer's u and v (v null before the first training step), layer by layer. */
    @Override
    public List<Tensor> state() {
        List<Tensor> state = new ArrayList<>();
        for (Vectors l : layers) {
            state.add(l.u);
            state.add(l.v);
        }
        return state;
    }

    @Override
    public void loadState(List<Tensor> saved) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).u = MemoryScope.keep(saved.get(2 * i));
            layers.get(i).v = saved.get(2 * i + 1) == null ? null : MemoryScope.keep(saved.get(2 * i + 1));
        }
    }

    /** Each layer's current u, flattened, in D's layer order. */
    public List<Tensor> vectors() {
        return layers.stream().map(l -> l.u.reshape(-1)).toList();
    }

    /** {@code spectral-norm:iterations=1}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "spectral-norm";
        }

        @Override
        public String description() {
            return "D's linear and convolution layers use W/sigma(W), sigma by power iteration each forward pass (Miyato et al. 2018)";
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("iterations", "1");
        }

        @Override
        public Trick create(Options o) {
            return new SpectralNorm(o.positiveInt("iterations"), null);
        }
    }
}
