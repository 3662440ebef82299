package org.ganlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ganlab.autograd.Autograd;
import org.ganlab.autograd.GradMode;
import org.ganlab.loss.BceLoss;
import org.ganlab.loss.BceWithLogitsLoss;
import org.ganlab.loss.MseLoss;
import org.ganlab.loss.SoftmaxCrossEntropy;
import org.ganlab.nn.AvgPool2d;
import org.ganlab.nn.BatchNorm;
import org.ganlab.nn.BatchNorm1d;
import org.ganlab.nn.BatchNorm2d;
import org.ganlab.nn.Conv2d;
import org.ganlab.nn.ConvTranspose2d;
import org.ganlab.nn.LayerNorm;
import org.ganlab.nn.Linear;
import org.ganlab.nn.MaxPool2d;
import org.ganlab.nn.Module;
import org.ganlab.nn.Sequential;
import org.ganlab.nn.Tanh;
import org.ganlab.tensor.Convolutions;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Central finite differences against autograd for every differentiable operation, first and second
 * derivatives. Computed in float32, so the step is 1e-2 and the tolerance is
 * {@value #ABSOLUTE} + {@value #RELATIVE}·|g|: loose against rounding, tight against a wrong rule.
 */
public abstract class GradientCheckSuite extends BackendTestBase {

    static final double STEP = 1e-2;
    static final double ABSOLUTE = 2e-3;
    static final double RELATIVE = 2e-2;

    /** One op under test: its function of the inputs, and the inputs' shapes and value range. */
    record Case(String name, Function<Tensor[], Tensor> f, float low, float high, int[]... shapes) {
    }

    static Stream<Case> cases() {
        int[] m = {3, 4};
        return Stream.of(
                new Case("add", t -> t[0].add(t[1]), -2, 2, m, m),
                new Case("add broadcast", t -> t[0].add(t[1]), -2, 2, new int[] {3, 1}, new int[] {1, 4}),
                new Case("sub broadcast", t -> t[0].sub(t[1]), -2, 2, new int[] {2, 3, 4}, new int[] {4}),
                new Case("mul broadcast", t -> t[0].mul(t[1]), -2, 2, m, new int[] {4}),
                new Case("div", t -> t[0].div(t[1]), 0.5f, 2, m, m),
                new Case("maximum", t -> t[0].maximum(t[1]), -2, 2, m, m),
                new Case("minimum", t -> t[0].minimum(t[1]), -2, 2, m, new int[] {1, 4}),
                new Case("add scalar", t -> t[0].add(1.5f), -2, 2, m),
                new Case("mul scalar", t -> t[0].mul(-2.5f), -2, 2, m),
                new Case("div scalar", t -> t[0].div(4f), -2, 2, m),
                new Case("rsub", t -> t[0].rsub(1f), -2, 2, m),
                new Case("rdiv", t -> t[0].rdiv(2f), 0.5f, 2, m),
                new Case("pow 3", t -> t[0].pow(3), -1.5f, 1.5f, m),
                new Case("pow 0.5", t -> t[0].pow(0.5f), 0.5f, 2, m),
                new Case("neg", t -> t[0].neg(), -2, 2, m),
                new Case("exp", t -> t[0].exp(), -2, 2, m),
                new Case("log", t -> t[0].log(), 0.5f, 3, m),
                new Case("sqrt", t -> t[0].sqrt(), 0.5f, 3, m),
                new Case("abs", t -> t[0].abs(), 0.2f, 2, m),
                new Case("abs negative", t -> t[0].neg().abs(), 0.2f, 2, m),
                new Case("sigmoid", t -> t[0].sigmoid(), -3, 3, m),
                new Case("tanh", t -> t[0].tanh(), -2, 2, m),
                new Case("relu", t -> t[0].relu().mul(t[0]), -2, 2, m),
                new Case("leakyRelu", t -> t[0].leakyRelu(0.1f).mul(t[0]), -2, 2, m),
                new Case("clamp", t -> t[0].clamp(-0.5f, 0.5f).mul(t[0]), -2, 2, m),
                new Case("matmul", t -> t[0].matmul(t[1]), -1, 1, new int[] {3, 5}, new int[] {5, 2}),
                new Case("matmul batched broadcast", t -> t[0].matmul(t[1]), -1, 1, new int[] {2, 3, 4}, new int[] {4, 2}),
                new Case("matmul transposed", t -> t[0].matmul(t[1].transpose()).tanh(), -1, 1, new int[] {3, 4}, new int[] {5, 4}),
                new Case("linear without bias", t -> t[0].linear(t[1]).tanh(), -1, 1, new int[] {3, 4}, new int[] {5, 4}),
                new Case("transpose", t -> t[0].transpose(0, 2).mul(t[0].transpose(0, 2)), -1, 1, new int[] {2, 3, 4}),
                new Case("reshape", t -> t[0].transpose().reshape(2, -1).exp(), -1, 1, m),
                new Case("expand", t -> t[0].expand(2, 3, 4).tanh(), -1, 1, new int[] {3, 1}),
                new Case("sum axis", t -> t[0].sum(1, false).pow(2), -1, 1, m),
                new Case("sum all", t -> t[0].sum().pow(2), -1, 1, new int[] {2, 3, 2}),
                new Case("mean axes keepdim", t -> t[0].mean(new int[] {0, 2}, true).mul(t[0]), -1, 1, new int[] {2, 3, 2}),
                new Case("amax", t -> t[0].amax(new int[] {1}, false).pow(2), -1, 1, m),
                new Case("mse", t -> new MseLoss().apply(t[0], constant(3, 4)), -1, 1, m),
                new Case("bce", t -> new BceLoss().apply(t[0].sigmoid(), constant(3, 4).sigmoid()), -2, 2, m),
                new Case("bce soft targets weighted", t -> new BceLoss().apply(t[0].sigmoid(), Tensor.full(0.9f, 3, 4),
                        constant(3, 1).abs()), -2, 2, m),
                new Case("softmax cross-entropy", t -> SoftmaxCrossEntropy.apply(t[0].mul(t[0]), new int[] {2, 0, 3}), -2, 2, m),
                new Case("bce with logits", t -> new BceWithLogitsLoss().apply(t[0], constant(3, 4).sigmoid()), -3, 3, m),
                // Convolutions: tanh after, so that second derivatives reach both operands.
                new Case("conv2d", t -> Convolutions.conv2d(t[0], t[1], 1, 1, 0, 0).tanh(), -1, 1,
                        new int[] {2, 2, 4, 5}, new int[] {3, 2, 3, 2}),
                new Case("conv2d stride 2 padding 1", t -> Convolutions.conv2d(t[0], t[1], 2, 2, 1, 1).tanh(), -1, 1,
                        new int[] {2, 2, 5, 4}, new int[] {2, 2, 4, 4}),
                new Case("conv2d rectangular stride", t -> Convolutions.conv2d(t[0], t[1], 2, 1, 1, 0).tanh(), -1, 1,
                        new int[] {1, 3, 5, 4}, new int[] {2, 3, 3, 2}),
                new Case("conv_transpose2d stride 2 padding 1 output padding 1", t -> Convolutions.convTranspose2d(t[0],
                        t[1], 2, 2, 1, 1, 1, 1).tanh(), -1, 1, new int[] {2, 3, 3, 2}, new int[] {3, 2, 4, 4}),
                // Normalisation and pooling layers, composed of the operations above: checked as wholes,
                // with the input (and the affine scale) as variables. Training mode: batch statistics.
                new Case("batch norm 2d (training)", t -> new BatchNorm2d(3).forward(t[0]).mul(t[1]).tanh(), -2, 2,
                        new int[] {2, 3, 2, 3}, new int[] {1, 3, 1, 1}),
                new Case("batch norm 1d (training)", t -> new BatchNorm1d(4).forward(t[0]).mul(t[1]).tanh(), -2, 2,
                        new int[] {5, 4}, new int[] {4}),
                new Case("batch norm 1d (evaluation)", t -> evaluation(new BatchNorm1d(4)).forward(t[0]).tanh(), -2, 2,
                        new int[] {5, 4}),
                new Case("layer norm", t -> new LayerNorm(5).forward(t[0]).mul(t[1]).tanh(), -2, 2,
                        new int[] {3, 5}, new int[] {5}),
                new Case("max pool 2x2", t -> new MaxPool2d(2).forward(t[0]).pow(2), -3, 3, new int[] {2, 2, 4, 6}),
                new Case("average pool 2x2", t -> new AvgPool2d(2).forward(t[0]).pow(2), -2, 2, new int[] {2, 2, 4, 2}),
                new Case("conv2d layer with bias", t -> new Conv2d(t[1], t[2], 2, 1, 1, 0).forward(t[0]).tanh(), -1, 1,
                        new int[] {2, 2, 4, 3}, new int[] {3, 2, 3, 2}, new int[] {3}),
                new Case("conv_transpose2d layer with bias", t -> new ConvTranspose2d(t[1], t[2], 2, 2, 1, 1, 0, 0)
                        .forward(t[0]).tanh(), -1, 1, new int[] {2, 3, 2, 2}, new int[] {3, 2, 4, 4}, new int[] {2}));
    }

    private static Module evaluation(BatchNorm bn) {
        try (var noGrad = GradMode.noGrad()) {
            bn.runningMean().assign(Tensor.of(new float[] {0.5f, -0.25f, 0f, 1f}, 4));
            bn.runningVar().assign(Tensor.of(new float[] {2f, 0.5f, 1f, 1.5f}, 4));
        }
        return bn.eval();
    }

    /** Targets and weights are constants to a loss, so they are fixed data, not checked inputs. */
    private static Tensor constant(int... shape) {
        return Tensor.uniform(new Rng(3), -1, 1, shape);
    }

    private Tensor[] inputs(Case c, Rng rng) {
        Tensor[] inputs = new Tensor[c.shapes().length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Tensor.uniform(rng, c.low(), c.high(), c.shapes()[i]).requiresGrad(true);
        }
        return inputs;
    }

    /** A scalar of the op's output with fixed random weights, so every output element matters. */
    private static Tensor scalarize(Tensor y, long seed) {
        return y.mul(Tensor.uniform(new Rng(seed), 0.5f, 1.5f, y.shape())).sum();
    }

    @TestFactory
    Stream<DynamicTest> firstDerivatives() {
        return cases().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor[] x = inputs(c, new Rng(c.name().hashCode()));
            List<Tensor> analytic = Autograd.grad(scalarize(c.f().apply(x), 7), List.of(x), false);
            checkAgainstDifferences(c.name(), x, analytic, () -> scalarize(c.f().apply(x), 7).item());
        }));
    }

    @TestFactory
    Stream<DynamicTest> secondDerivatives() {
        return cases().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor[] x = inputs(c, new Rng(c.name().hashCode()));
            Function<Boolean, Tensor> firstDirectional = createGraph -> {
                List<Tensor> g = Autograd.grad(scalarize(c.f().apply(x), 7), List.of(x), createGraph);
                Tensor h = null;
                for (int i = 0; i < g.size(); i++) {
                    Tensor term = scalarize(g.get(i), 11 + i);
                    h = h == null ? term : h.add(term);
                }
                return h;
            };
            Tensor h = firstDirectional.apply(true);
            List<Tensor> analytic = new ArrayList<>();
            for (Tensor xi : x) {
                analytic.add(h.requiresGrad() ? gradOrZero(h, xi) : Tensor.zerosLike(xi));
            }
            checkAgainstDifferences(c.name() + " (second)", x, analytic, () -> firstDirectional.apply(false).item());
        }));
    }

    private static Tensor gradOrZero(Tensor h, Tensor x) {
        try {
            return Autograd.grad(h, List.of(x), false).get(0);
        } catch (IllegalArgumentException notReachable) {
            return Tensor.zerosLike(x);
        }
    }

    /** Perturbs each input element by ±STEP (in place, by assign) and compares the slope with the analytic gradient. */
    public static void checkAgainstDifferences(String name, Tensor[] x, List<Tensor> analytic, Supplier<Float> f) {
        for (int i = 0; i < x.length; i++) {
            float[] values = x[i].toFloatArray();
            float[] grad = analytic.get(i).toFloatArray();
            for (int j = 0; j < values.length; j++) {
                float original = values[j];
                float up = (float) (original + STEP);
                float down = (float) (original - STEP);
                double fUp = evaluateAt(x[i], values, j, up, f);
                double fDown = evaluateAt(x[i], values, j, down, f);
                values[j] = original;
                set(x[i], values);
                double numeric = (fUp - fDown) / ((double) up - down);
                if (Math.abs(numeric - grad[j]) > ABSOLUTE + RELATIVE * Math.abs(grad[j])) {
                    fail(name + ": d/dx" + i + "[" + j + "] autograd " + grad[j] + " vs finite difference " + numeric);
                }
            }
        }
    }

    private static double evaluateAt(Tensor x, float[] values, int j, float value, Supplier<Float> f) {
        values[j] = value;
        set(x, values);
        return f.get();
    }

    private static void set(Tensor x, float[] values) {
        try (var noGrad = GradMode.noGrad()) {
            x.assign(Tensor.of(x.backend(), values, x.shape()));
        }
    }

    /**
     * A WGAN-GP style penalty, mean over the batch of (‖∇ₓD(x)‖₂² − 1)², differentiated with respect
     * to D's weights: it needs the gradient of a gradient.
     */
    @Test
    void gradientPenaltyIsDifferentiableInTheDiscriminatorWeights() {
        Rng rng = new Rng(5);
        Sequential d = new Sequential(new Linear(2, 6, true, rng), new Tanh(), new Linear(6, 1, true, rng));
        Tensor x = Tensor.uniform(rng, -1, 1, 5, 2).requiresGrad(true);
        Supplier<Tensor> penalty = () -> {
            Tensor gx = Autograd.grad(d.forward(x).sum(), List.of(x), true).get(0);
            return gx.mul(gx).sum(1, false).sub(1f).pow(2).mean();
        };
        Tensor gp = penalty.get();
        assertTrue(gp.requiresGrad(), "the penalty must carry a graph back to D's weights");
        gp.backward();
        Tensor[] params = d.parameters().toArray(Tensor[]::new);
        List<Tensor> analytic = new ArrayList<>();
        assertTrue(params[0].grad() != null, "the first layer's weight gets a gradient from the penalty");
        for (Tensor p : params) {
            // D's last bias shifts D but not its slope in x: no gradient (null, as in PyTorch); the
            // finite differences below confirm that zero.
            analytic.add(p.grad() != null ? p.grad() : Tensor.zerosLike(p));
        }
        checkAgainstDifferences("gradient penalty", params, analytic, () -> penalty.get().item());
    }
}
