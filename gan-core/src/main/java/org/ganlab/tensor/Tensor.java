package org.ganlab.tensor;

import java.util.Arrays;
import org.ganlab.autograd.Autograd;
import org.ganlab.autograd.BackwardFunction;
import org.ganlab.autograd.GradMode;
import org.ganlab.autograd.Node;
import org.ganlab.backend.Backend;
import org.ganlab.backend.Backends;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.FusedKernels;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;
import org.ganlab.backend.capture.Recorder;

/**
 * An n-dimensional array of float32 values on one backend, with optional gradient tracking.
 *
 * <p>The whole tensor API is derived here from the backend's few primitive kernels, and each
 * differentiable operation states its backward rule next to it, in tensor operations, so gradients
 * of gradients work. Buffers are never written after a kernel fills them: views (reshape,
 * transpose, expand, detach) share them safely, and {@link #assign} rebinds a tensor to new data
 * instead of mutating shared storage.
 */
public final class Tensor {

    private final Backend backend;
    private View view;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private int version;

    private Tensor(Backend backend, View view) {
        this.backend = backend;
        this.view = view;
    }

    // ------------------------------------------------------------------ creation

    /** A tensor over an existing buffer of {@code backend}; for backends and benchmarks. */
    public static Tensor wrap(Backend backend, View view) {
        return new Tensor(backend, view);
    }

    public static Tensor of(Backend backend, float[] data, int... shape) {
        Shapes.checkDims("of", shape);
        if (data.length != Shapes.size(shape)) {
            throw new ShapeException("of: " + data.length + " values do not fill shape " + Shapes.toString(shape));
        }
        return new Tensor(backend, View.contiguous(MemoryScope.upload(backend, data), shape.clone()));
    }

    /** A tensor holding a copy of {@code data} in the given shape, on the current backend. */
    public static Tensor of(float[] data, int... shape) {
        return of(Backends.current(), data, shape);
    }

    /** A 1-D tensor. */
    public static Tensor vector(float... data) {
        return of(data, data.length);
    }

    /** A 2-D tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new ShapeException("of: row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return of(data, rows.length, cols);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    public static Tensor full(float value, int... shape) {
        float[] data = new float[Shapes.size(shape)];
        Arrays.fill(data, value);
        return of(data, shape);
    }

    public static Tensor zeros(int... shape) {
        return of(new float[Shapes.size(shape)], shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor zerosLike(Tensor t) {
        return of(t.backend, new float[t.size()], t.view.shape());
    }

    public static Tensor onesLike(Tensor t) {
        float[] data = new float[t.size()];
        Arrays.fill(data, 1f);
        return of(t.backend, data, t.view.shape());
    }

    /** Uniform in [low, high), drawn in row-major order from {@code rng}. */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        return drawn(shape, () -> "uniform(" + low + ", " + high + ")", rng, d -> {
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.uniform(low, high);
            }
        });
    }

    /** Normal with the given mean and standard deviation, drawn in row-major order from {@code rng}. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        return drawn(shape, () -> "normal(" + mean + ", " + std + ")", rng, d -> {
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (mean + std * rng.nextGaussian());
            }
        });
    }

    /**
     * Random values of this shape, {@code fill} drawing them from {@code rng}; in a step being
     * captured, a replay draws them again with the same {@code fill}.
     */
    private static Tensor drawn(int[] shape, java.util.function.Supplier<String> what, Rng rng,
            java.util.function.Consumer<float[]> fill) {
        float[] data = new float[Shapes.size(shape)];
        fill.accept(data);
        Tensor t = of(data, shape);
        if (Recorder.recording()) {
            Recorder.drawn(t.view.buffer(), what.get() + " from rng@" + System.identityHashCode(rng), fill);
        }
        return t;
    }

    // ------------------------------------------------------------------ facts

    public int[] shape() {
        return view.shape().clone();
    }

    public String shapeString() {
        return Shapes.toString(view.shape());
    }

    public int dim() {
        return view.rank();
    }

    public int size() {
        return view.size();
    }

    public int size(int axis) {
        return view.shape()[Shapes.axis("size", axis, dim())];
    }

    public Backend backend() {
        return backend;
    }

    /** Where the data is; for backends and benchmarks. */
    public View view() {
        return view;
    }

    /** Increases each time {@link #assign} gives the tensor new data. */
    public int version() {
        return version;
    }

    /** The host copy of the values, row-major. */
    public float[] toFloatArray() {
        View v = view;
        if (v.isWholeBuffer()) {
            return kernels().download(v.buffer());
        }
        return kernels().download(unaryKernel(UnaryOp.COPY).view.buffer());
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new ShapeException("item: tensor of shape " + shapeString() + " has " + size()
                    + " elements, expected 1");
        }
        return toFloatArray()[0];
    }

    @Override
    public String toString() {
        float[] values = toFloatArray();
        String data = values.length <= 16 ? Arrays.toString(values)
                : Arrays.toString(Arrays.copyOf(values, 16)).replace("]", ", ...]");
        return "tensor(" + data + ", shape=" + shapeString() + (requiresGrad ? ", requiresGrad" : "") + ")";
    }

    // ------------------------------------------------------------------ autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a variable whose gradient {@link #backward} accumulates into {@link #grad()}. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaf tensors can change requiresGrad; use detach()");
        }
        requiresGrad = value;
        return this;
    }

    /** True for tensors not made by a recorded operation (created tensors, parameters, detached ones). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** How this tensor was made, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** The accumulated gradient of a leaf, or null before any backward (or after zeroGrad). */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor gradient) {
        if (gradient != null && !Arrays.equals(gradient.view.shape(), view.shape())) {
            throw new ShapeException("setGrad: gradient shape " + gradient.shapeString()
                    + " differs from tensor shape " + shapeString());
        }
        grad = gradient;
    }

    /** Backpropagates from this scalar, accumulating into the leaves' {@link #grad()}. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Backpropagates from this scalar into the {@code inputs}' {@code grad()} only, as {@code backward(inputs=...)}. */
    public void backward(java.util.List<Tensor> inputs) {
        Autograd.backward(this, inputs);
    }

    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    public void backward(Tensor gradient, boolean createGraph) {
        Autograd.backward(this, gradient, createGraph);
    }

    /** The same values, cut from the graph; never requires grad. */
    public Tensor detach() {
        return new Tensor(backend, view);
    }

    /**
     * Rebinds this leaf to {@code value}'s data (PyTorch's {@code copy_}). A leaf that requires grad
     * may only be assigned inside {@link GradMode#noGrad()}, as optimisers do. The data is
     * {@linkplain MemoryScope#keep kept}: it outlives the memory scope it was made in.
     */
    public void assign(Tensor value) {
        if (gradFn != null) {
            throw new IllegalStateException("assign: only leaf tensors can be assigned");
        }
        if (requiresGrad && GradMode.isEnabled()) {
            throw new IllegalStateException("assign: a leaf that requires grad can only be assigned inside GradMode.noGrad()");
        }
        if (!Arrays.equals(value.view.shape(), view.shape())) {
            throw new ShapeException("assign: value shape " + value.shapeString() + " differs from " + shapeString());
        }
        if (value.backend != backend) {
            throw new IllegalArgumentException("assign: value is on backend '" + value.backend.name()
                    + "', tensor on '" + backend.name() + "'");
        }
        view = MemoryScope.keep(value.contiguous()).view;
        version++;
    }

    /** Attaches the backward rule when grad mode is on and an input requires grad. */
    private Tensor record(String op, BackwardFunction backward, Tensor... inputs) {
        if (GradMode.isEnabled()) {
            for (Tensor input : inputs) {
                if (input.requiresGrad) {
                    gradFn = Node.of(op, backward, inputs);
                    requiresGrad = true;
                    break;
                }
            }
        }
        return this;
    }

    /**
     * A differentiable operation defined outside this class (a fused loss, say): {@code value} holds
     * the forward result, computed by the caller; {@code backward} maps its gradient to the inputs'.
     */
    public static Tensor function(String op, Tensor value, BackwardFunction backward, Tensor... inputs) {
        return new Tensor(value.backend, value.view).record(op, backward, inputs);
    }

    // ------------------------------------------------------------------ kernels

    /** Where this tensor's kernels go: its backend, or the recording of a step being captured. */
    private Backend kernels() {
        return Recorder.target(backend);
    }

    private Tensor unaryKernel(UnaryOp op) {
        Buffer out = MemoryScope.allocate(backend, size());
        kernels().unary(op, view, out);
        return new Tensor(backend, View.contiguous(out, view.shape()));
    }

    private Tensor scalarKernel(BinaryOp op, float scalar) {
        Buffer out = MemoryScope.allocate(backend, size());
        kernels().binary(op, view, scalar, out);
        return new Tensor(backend, View.contiguous(out, view.shape()));
    }

    private Tensor binaryKernel(String name, BinaryOp op, Tensor other) {
        sameBackend(name, other);
        int[] shape = Shapes.broadcast(name, view.shape(), other.view.shape());
        Buffer out = MemoryScope.allocate(backend, Shapes.size(shape));
        kernels().binary(op, expandedView(shape), other.expandedView(shape), out);
        return new Tensor(backend, View.contiguous(out, shape));
    }

    private void sameBackend(String op, Tensor other) {
        if (other.backend != backend) {
            throw new IllegalArgumentException(op + ": tensors on different backends ('" + backend.name()
                    + "' and '" + other.backend.name() + "')");
        }
    }

    /** This tensor's view broadcast to {@code shape}: new leading axes and size-1 axes get stride 0. */
    private View expandedView(int[] shape) {
        int[] own = view.shape();
        if (Arrays.equals(own, shape)) {
            return view;
        }
        int lead = shape.length - own.length;
        int[] strides = new int[shape.length];
        for (int d = 0; d < own.length; d++) {
            if (own[d] == shape[d + lead]) {
                strides[d + lead] = own[d] == 1 ? 0 : view.strides()[d];
            } else if (own[d] == 1) {
                strides[d + lead] = 0;
            } else {
                throw new ShapeException("expand: shape " + shapeString() + " cannot be expanded to "
                        + Shapes.toString(shape));
            }
        }
        return new View(view.buffer(), shape.clone(), strides, view.offset());
    }

    private Tensor withView(View v) {
        return new Tensor(backend, v);
    }

    // ------------------------------------------------------------------ elementwise, two tensors

    public Tensor add(Tensor other) {
        Tensor a = this;
        return binaryKernel("add", BinaryOp.ADD, other)
                .record("add", g -> new Tensor[] {Autograd.needsGradient(a) ? g.sumTo(a.view.shape()) : null,
                    Autograd.needsGradient(other) ? g.sumTo(other.view.shape()) : null}, a, other);
    }

    public Tensor sub(Tensor other) {
        Tensor a = this;
        return binaryKernel("sub", BinaryOp.SUB, other)
                .record("sub", g -> new Tensor[] {Autograd.needsGradient(a) ? g.sumTo(a.view.shape()) : null,
                    Autograd.needsGradient(other) ? g.neg().sumTo(other.view.shape()) : null}, a, other);
    }

    public Tensor mul(Tensor other) {
        Tensor a = this;
        return binaryKernel("mul", BinaryOp.MUL, other).record("mul", g -> new Tensor[] {
            a.requiresGrad ? g.mul(other).sumTo(a.view.shape()) : null,
            other.requiresGrad ? g.mul(a).sumTo(other.view.shape()) : null}, a, other);
    }

    public Tensor div(Tensor other) {
        Tensor a = this;
        return binaryKernel("div", BinaryOp.DIV, other).record("div", g -> new Tensor[] {
            a.requiresGrad ? g.div(other).sumTo(a.view.shape()) : null,
            other.requiresGrad ? g.mul(a).div(other.mul(other)).neg().sumTo(other.view.shape()) : null}, a, other);
    }

    /** Elementwise maximum; where both are equal the gradient is split between them, as in PyTorch. */
    public Tensor maximum(Tensor other) {
        Tensor a = this;
        return binaryKernel("maximum", BinaryOp.MAX, other).record("maximum", g -> {
            Tensor half = a.eq(other).mul(0.5f);
            return new Tensor[] {g.mul(a.gt(other).add(half)).sumTo(a.view.shape()),
                g.mul(other.gt(a).add(half)).sumTo(other.view.shape())};
        }, a, other);
    }

    /** Elementwise minimum; where both are equal the gradient is split between them, as in PyTorch. */
    public Tensor minimum(Tensor other) {
        Tensor a = this;
        return binaryKernel("minimum", BinaryOp.MIN, other).record("minimum", g -> {
            Tensor half = a.eq(other).mul(0.5f);
            return new Tensor[] {g.mul(a.lt(other).add(half)).sumTo(a.view.shape()),
                g.mul(other.lt(a).add(half)).sumTo(other.view.shape())};
        }, a, other);
    }

    // ------------------------------------------------------------------ elementwise, tensor and constant

    public Tensor add(float s) {
        return scalarKernel(BinaryOp.ADD, s).record("add", g -> new Tensor[] {g}, this);
    }

    public Tensor sub(float s) {
        return add(-s);
    }

    public Tensor mul(float s) {
        return scalarKernel(BinaryOp.MUL, s).record("mul", g -> new Tensor[] {g.mul(s)}, this);
    }

    public Tensor div(float s) {
        return scalarKernel(BinaryOp.DIV, s).record("div", g -> new Tensor[] {g.div(s)}, this);
    }

    /** {@code s - this}. */
    public Tensor rsub(float s) {
        return neg().add(s);
    }

    /** {@code s / this}. */
    public Tensor rdiv(float s) {
        return pow(-1f).mul(s);
    }

    public Tensor pow(float exponent) {
        Tensor x = this;
        return scalarKernel(BinaryOp.POW, exponent)
                .record("pow", g -> new Tensor[] {g.mul(x.pow(exponent - 1f).mul(exponent))}, x);
    }

    /** {@code min(max(this, min), max)}; the gradient passes where {@code min <= x <= max}, as in PyTorch. */
    public Tensor clamp(float min, float max) {
        Tensor x = this;
        // max(v, −∞) and min(v, +∞) are v itself, NaN and −0 included: an infinite bound costs no kernel.
        Tensor low = min == Float.NEGATIVE_INFINITY ? withView(view) : scalarKernel(BinaryOp.MAX, min);
        Tensor high = max == Float.POSITIVE_INFINITY ? low : low.scalarKernel(BinaryOp.MIN, max);
        return high.record("clamp", g -> new Tensor[] {g.mul(x.ge(min).mul(x.le(max)))}, x);
    }

    // ------------------------------------------------------------------ elementwise, one tensor

    public Tensor neg() {
        return unaryKernel(UnaryOp.NEG).record("neg", g -> new Tensor[] {g.neg()}, this);
    }

    public Tensor exp() {
        Tensor out = unaryKernel(UnaryOp.EXP);
        return out.record("exp", g -> new Tensor[] {g.mul(out)}, this);
    }

    public Tensor log() {
        Tensor x = this;
        return unaryKernel(UnaryOp.LOG).record("log", g -> new Tensor[] {g.div(x)}, x);
    }

    public Tensor sqrt() {
        Tensor out = unaryKernel(UnaryOp.SQRT);
        return out.record("sqrt", g -> new Tensor[] {g.div(out.mul(2f))}, this);
    }

    public Tensor abs() {
        Tensor x = this;
        return unaryKernel(UnaryOp.ABS).record("abs", g -> new Tensor[] {g.mul(x.sign())}, x);
    }

    /** -1, 0 or 1; not differentiable (its gradient is zero almost everywhere). */
    public Tensor sign() {
        return unaryKernel(UnaryOp.SIGN);
    }

    public Tensor sigmoid() {
        Tensor out = unaryKernel(UnaryOp.SIGMOID);
        return out.record("sigmoid", g -> new Tensor[] {g.mul(out.mul(out.rsub(1f)))}, this);
    }

    public Tensor tanh() {
        Tensor out = unaryKernel(UnaryOp.TANH);
        return out.record("tanh", g -> new Tensor[] {g.mul(out.mul(out).rsub(1f))}, this);
    }

    /** {@code x * (x > 0)}: the gradient at 0 is 0, as in PyTorch. */
    public Tensor relu() {
        return rectify("relu", 1f, 0f, () -> mul(gt(0f)));
    }

    /** {@code x} where positive, {@code slope * x} elsewhere: {@code x * ((x > 0)·(1 − slope) + slope)}. */
    public Tensor leakyRelu(float slope) {
        // The two values the composed mask takes, rounded as its kernels round them.
        float positive = 1f * (1f - slope) + slope;
        float negative = 0f * (1f - slope) + slope;
        return rectify("leakyRelu", positive, negative, () -> mul(gt(0f).mul(1f - slope).add(slope)));
    }

    /**
     * {@code x · mask} with {@code mask = x > 0 ? positive : negative}: one fused kernel where the
     * backend offers it, else {@code composed}; both give the same bits, and the backward rule is
     * the composed product's, {@code g · mask}.
     */
    private Tensor rectify(String op, float positive, float negative, java.util.function.Supplier<Tensor> composed) {
        FusedKernels fused = kernels().capability(FusedKernels.class);
        if (fused == null) {
            return composed.get();
        }
        Buffer out = MemoryScope.allocate(backend, size());
        Buffer factor = MemoryScope.allocate(backend, size());
        fused.rectify(view, positive, negative, out, factor);
        Tensor mask = withView(View.contiguous(factor, view.shape()));
        return withView(View.contiguous(out, view.shape())).record(op, g -> new Tensor[] {g.mul(mask)}, this);
    }

    // ------------------------------------------------------------------ comparisons (masks, no gradient)

    public Tensor lt(Tensor other) {
        return binaryKernel("lt", BinaryOp.LT, other);
    }

    public Tensor gt(Tensor other) {
        return binaryKernel("gt", BinaryOp.GT, other);
    }

    public Tensor eq(Tensor other) {
        return binaryKernel("eq", BinaryOp.EQ, other);
    }

    public Tensor le(Tensor other) {
        return gt(other).scalarKernel(BinaryOp.EQ, 0f);
    }

    public Tensor ge(Tensor other) {
        return lt(other).scalarKernel(BinaryOp.EQ, 0f);
    }

    public Tensor ne(Tensor other) {
        return eq(other).scalarKernel(BinaryOp.EQ, 0f);
    }

    public Tensor lt(float s) {
        return scalarKernel(BinaryOp.LT, s);
    }

    public Tensor gt(float s) {
        return scalarKernel(BinaryOp.GT, s);
    }

    public Tensor eq(float s) {
        return scalarKernel(BinaryOp.EQ, s);
    }

    /** No float lies strictly between nextDown(s) and s, so x >= s is x > nextDown(s). */
    public Tensor ge(float s) {
        return scalarKernel(BinaryOp.GT, Math.nextDown(s));
    }

    public Tensor le(float s) {
        return scalarKernel(BinaryOp.LT, Math.nextUp(s));
    }

    public Tensor ne(float s) {
        return eq(s).scalarKernel(BinaryOp.EQ, 0f);
    }

    // ------------------------------------------------------------------ matrix product

    /** Matrix product of the last two axes, broadcasting the leading (batch) axes. */
    public Tensor matmul(Tensor other) {
        sameBackend("matmul", other);
        int[] as = view.shape();
        int[] bs = other.view.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new ShapeException("matmul: needs tensors of rank >= 2, got shapes " + Shapes.toString(as)
                    + " and " + Shapes.toString(bs));
        }
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new ShapeException("matmul: shapes " + Shapes.toString(as) + " and " + Shapes.toString(bs)
                    + " do not match (" + k + " columns vs " + bs[bs.length - 2] + " rows)");
        }
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int[] outShape = concat(batch, m, n);
        Buffer out = MemoryScope.allocate(backend, Shapes.size(outShape));
        kernels().matmul(expandedView(concat(batch, m, k)), other.expandedView(concat(batch, k, n)), out);
        Tensor a = this;
        return withView(View.contiguous(out, outShape)).record("matmul", g -> new Tensor[] {
            Autograd.needsGradient(a) ? g.matmul(other.transpose()).sumTo(as) : null,
            Autograd.needsGradient(other) ? a.transpose().matmul(g).sumTo(bs) : null}, a, other);
    }

    /**
     * A linear layer, {@code this·weightᵀ + bias} (PyTorch's {@code F.linear}) for a {@code [batch, in]}
     * input, weight {@code [out, in]} and bias {@code [out]}: one fused kernel where the backend
     * offers it (the product's and the add's bits), else the product and the add. The backward rule
     * is the composed one's: {@code g·weight}, {@code (thisᵀ·g)ᵀ} and g summed over the batch.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        FusedKernels fused = kernels().capability(FusedKernels.class);
        if (fused == null || dim() != 2 || weight.dim() != 2 || bias.dim() != 1 || weight.size(1) != size(1)
                || bias.size(0) != weight.size(0) || weight.backend != backend || bias.backend != backend) {
            return matmul(weight.transpose()).add(bias);
        }
        int[] outShape = {size(0), weight.size(0)};
        Buffer out = MemoryScope.allocate(backend, Shapes.size(outShape));
        fused.linear(view, weight.view, bias.view, out);
        Tensor x = this;
        int[] biasShape = bias.view.shape();
        return withView(View.contiguous(out, outShape)).record("linear", g -> new Tensor[] {
            Autograd.needsGradient(x) ? g.matmul(weight) : null,
            // gᵀx rather than (xᵀg)ᵀ: the same chains (fma commutes), but contiguous, so an optimiser reads it in place
            Autograd.needsGradient(weight) ? g.transpose().matmul(x) : null,
            Autograd.needsGradient(bias) ? g.sumTo(biasShape) : null}, x, weight, bias);
    }

    /**
     * A linear layer without bias, {@code this·weightᵀ}, for a {@code [batch, in]} input and weight
     * {@code [out, in]}: the product's bits, with the backward rule of {@link #linear(Tensor, Tensor)},
     * so the weight's gradient is gᵀ·this, stored contiguous (the same chains as the composed rule's
     * (thisᵀ·g)ᵀ, which is a transposed view that every later add and optimiser step reads strided).
     */
    public Tensor linear(Tensor weight) {
        if (dim() != 2 || weight.dim() != 2) {
            return matmul(weight.transpose());
        }
        Tensor product;
        try (var noGrad = GradMode.noGrad()) {
            product = matmul(weight.transpose());
        }
        Tensor x = this;
        return function("linear", product, g -> new Tensor[] {
            Autograd.needsGradient(x) ? g.matmul(weight) : null,
            Autograd.needsGradient(weight) ? g.transpose().matmul(x) : null}, x, weight);
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }

    // ------------------------------------------------------------------ views

    /** Swaps the last two axes. */
    public Tensor transpose() {
        if (dim() < 2) {
            throw new ShapeException("transpose: needs rank >= 2, got shape " + shapeString());
        }
        return transpose(-2, -1);
    }

    public Tensor transpose(int axis0, int axis1) {
        int a = Shapes.axis("transpose", axis0, dim());
        int b = Shapes.axis("transpose", axis1, dim());
        int[] shape = view.shape().clone();
        int[] strides = view.strides().clone();
        shape[a] = view.shape()[b];
        shape[b] = view.shape()[a];
        strides[a] = view.strides()[b];
        strides[b] = view.strides()[a];
        return withView(new View(view.buffer(), shape, strides, view.offset()))
                .record("transpose", g -> new Tensor[] {g.transpose(a, b)}, this);
    }

    /** The same values in a new shape of the same size; one axis may be -1 (inferred). */
    public Tensor reshape(int... shape) {
        int[] target = resolveReshape(shape);
        int[] from = view.shape();
        Tensor source = contiguous();
        return withView(new View(source.view.buffer(), target, View.contiguousStrides(target), source.view.offset()))
                .record("reshape", g -> new Tensor[] {g.reshape(from)}, source);
    }

    private int[] resolveReshape(int[] shape) {
        int[] target = shape.clone();
        int inferred = -1;
        int known = 1;
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1 && inferred < 0) {
                inferred = d;
            } else if (target[d] < 0) {
                throw new ShapeException("reshape: invalid shape " + Shapes.toString(shape));
            } else {
                known *= target[d];
            }
        }
        if (inferred >= 0 && known != 0 && size() % known == 0) {
            target[inferred] = size() / known;
        }
        if (Shapes.size(target) != size() || (inferred >= 0 && target[inferred] < 0)) {
            throw new ShapeException("reshape: shape " + shapeString() + " (" + size()
                    + " elements) cannot be viewed as " + Shapes.toString(shape));
        }
        return target;
    }

    /** A view broadcast to {@code shape} (NumPy rules); the gradient sums back over the broadcast axes. */
    public Tensor expand(int... shape) {
        int[] from = view.shape();
        if (Arrays.equals(from, shape)) {
            return this;
        }
        if (shape.length < from.length) {
            throw new ShapeException("expand: shape " + shapeString() + " cannot be expanded to " + Shapes.toString(shape));
        }
        return withView(expandedView(shape)).record("expand", g -> new Tensor[] {g.sumTo(from)}, this);
    }

    /** This tensor if its layout is already row-major, else a row-major copy. */
    public Tensor contiguous() {
        if (view.isContiguous()) {
            return this;
        }
        return unaryKernel(UnaryOp.COPY).record("contiguous", g -> new Tensor[] {g}, this);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements, as a rank-0 tensor. */
    public Tensor sum() {
        return reduceAll(ReduceOp.SUM);
    }

    public Tensor sum(int axis, boolean keepDim) {
        return sum(new int[] {axis}, keepDim);
    }

    public Tensor sum(int[] axes, boolean keepDim) {
        int[] from = view.shape();
        int[] kept = keptShape("sum", axes);
        Tensor out = reduceKernel(ReduceOp.SUM, kept).record("sum", g -> new Tensor[] {g.expand(from)}, this);
        return keepDim ? out : out.reshape(squeeze(kept, axes));
    }

    public Tensor mean() {
        return sum().mul(1f / size());
    }

    public Tensor mean(int axis, boolean keepDim) {
        return mean(new int[] {axis}, keepDim);
    }

    public Tensor mean(int[] axes, boolean keepDim) {
        int[] kept = keptShape("mean", axes);
        return sum(axes, keepDim).mul((float) Shapes.size(kept) / size());
    }

    /** Largest element along the axes; where several are largest the gradient is shared evenly, as in PyTorch. */
    public Tensor amax(int[] axes, boolean keepDim) {
        int[] from = view.shape();
        int[] kept = keptShape("amax", axes);
        Tensor x = this;
        Tensor out = reduceKernel(ReduceOp.MAX, kept);
        out.record("amax", g -> {
            Tensor mask = x.eq(out.detach().expand(from));
            return new Tensor[] {g.div(mask.sum(axesOf(kept, from), true)).expand(from).mul(mask)};
        }, this);
        return keepDim ? out : out.reshape(squeeze(kept, axes));
    }

    private Tensor reduceAll(ReduceOp op) {
        int[] all = new int[dim()];
        for (int d = 0; d < all.length; d++) {
            all[d] = d;
        }
        return op == ReduceOp.SUM ? sum(all, false) : amax(all, false);
    }

    private Tensor reduceKernel(ReduceOp op, int[] kept) {
        Buffer out = MemoryScope.allocate(backend, Shapes.size(kept));
        kernels().reduce(op, view, kept, out);
        return withView(View.contiguous(out, kept));
    }

    private int[] keptShape(String op, int[] axes) {
        int[] kept = view.shape().clone();
        for (int axis : axes) {
            kept[Shapes.axis(op, axis, dim())] = 1;
        }
        return kept;
    }

    private int[] squeeze(int[] kept, int[] axes) {
        boolean[] drop = new boolean[kept.length];
        for (int axis : axes) {
            drop[Shapes.axis("reduce", axis, kept.length)] = true;
        }
        int[] out = new int[kept.length - (int) countTrue(drop)];
        for (int d = 0, j = 0; d < kept.length; d++) {
            if (!drop[d]) {
                out[j++] = kept[d];
            }
        }
        return out;
    }

    private static long countTrue(boolean[] flags) {
        long n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    private static int[] axesOf(int[] kept, int[] from) {
        return java.util.stream.IntStream.range(0, from.length).filter(d -> kept[d] != from[d]).toArray();
    }

    /** Sums a broadcast gradient back to {@code shape}: over leading axes and axes where shape has 1. */
    public Tensor sumTo(int[] shape) {
        int[] own = view.shape();
        if (Arrays.equals(own, shape)) {
            return this;
        }
        int lead = own.length - shape.length;
        int[] axes = java.util.stream.IntStream.range(0, own.length)
                .filter(d -> d < lead || (shape[d - lead] == 1 && own[d] != 1)).toArray();
        return sum(axes, true).reshape(shape);
    }
}
