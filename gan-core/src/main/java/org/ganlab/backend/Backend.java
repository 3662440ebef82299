package org.ganlab.backend;

/**
 * The primitive kernels a backend implements. Everything else (broadcasting, views, the tensor API,
 * autograd, optimisers) is built on these in gan-core.
 *
 * <p>Output buffers are always fresh, contiguous, row-major and of the output's full shape; input
 * views may be strided (transposed, broadcast with zero strides, offset). Kernels never see
 * gradients. Host arrays appear only in {@link #upload} and {@link #download}.
 */
public interface Backend {

    String name();

    // --- memory (3, and write for captured steps) ---

    /** A new buffer for a kernel's output; its contents are undefined until a kernel writes them. */
    Buffer allocate(int size);

    /** A new buffer holding a copy of {@code data}. */
    Buffer upload(float[] data);

    /** Copies a whole buffer to the host. */
    float[] download(Buffer buffer);

    /**
     * Overwrites a whole buffer with {@code data} (as long as the buffer). Only a captured step's
     * replay writes into a buffer after its kernel filled it: its random draws, each step anew.
     */
    default void write(Buffer buffer, float[] data) {
        try (Buffer staged = upload(data)) {
            unary(UnaryOp.COPY, View.contiguous(staged, data.length), buffer);
        }
    }

    /**
     * Waits until every kernel issued so far has finished. Backends whose kernels run asynchronously
     * (a GPU stream) implement it; benchmarks call it so they time the work, not its launch.
     */
    default void synchronize() {
    }

    /**
     * An optional set of kernels this backend offers ({@link OptimizerKernels}, {@link FusedKernels}),
     * or null; callers then compose the same arithmetic from the primitives. The default offers
     * the interfaces the backend implements; a backend may answer with another object.
     */
    default <T> T capability(Class<T> kind) {
        return kind.isInstance(this) ? kind.cast(this) : null;
    }

    // --- compute: 5 kernel entry points (unary, binary with a tensor or a constant, reduce, matmul)
    // over 9 unary, 10 binary and 2 reduce ops ---

    /** {@code out[i] = op(src[i])}; out has src's shape. */
    void unary(UnaryOp op, View src, Buffer out);

    /** {@code out[i] = op(a[i], b[i])}; a and b already have the same (broadcast) shape. */
    void binary(BinaryOp op, View a, View b, Buffer out);

    /** {@code out[i] = op(a[i], scalar)}: the common tensor-with-constant case, no scalar buffer. */
    void binary(BinaryOp op, View a, float scalar, Buffer out);

    /**
     * Reduces {@code src} to {@code outShape}, which has src's rank with 1 on every reduced axis.
     * Summation order must be fixed (the same input gives the same bits every time).
     */
    void reduce(ReduceOp op, View src, int[] outShape, Buffer out);

    /**
     * Batched matrix product: a is {@code [batch..., m, k]}, b is {@code [batch..., k, n]} with equal
     * batch dimensions (already broadcast); out is {@code [batch..., m, n]}.
     */
    void matmul(View a, View b, Buffer out);

    // --- convolution: 3 entry points, a 2-D convolution and the two products of its gradients, which
    // with each other are closed under differentiation (so gradients of gradients need nothing more).
    // Operands are contiguous (gan-core copies a strided one first); each output element is computed
    // in the fixed order below, so every backend gives the same bits. x is the zero-padded input. ---

    /**
     * {@code out[n][o][p][q]}: a fused multiply-add chain from 0 over {@code (c, i, j)} ascending of
     * {@code x[n][c][p·strideH − padH + i][q·strideW − padW + j] · w[o][c][i][j]}, zero outside x.
     */
    void conv2d(View x, View w, ConvGeometry g, Buffer out);

    /**
     * The input gradient (a transposed convolution): {@code dx[n][c][h][v]} = the plain sum, from 0
     * over the kernel taps {@code (i, j)} ascending that reach it ({@code h + padH − i} and
     * {@code v + padW − j} divisible by the strides, inside the output), of each tap's fused
     * multiply-add chain from 0 over {@code o} ascending of {@code dy[n][o][p][q] · w[o][c][i][j]}.
     */
    void conv2dInputGrad(View dy, View w, ConvGeometry g, Buffer dx);

    /**
     * The weight gradient: {@code dw[o][c][i][j]} = the plain sum, from 0 over the images {@code n}
     * ascending, of each image's fused multiply-add chain from 0 over {@code (p, q)} ascending of
     * {@code dy[n][o][p][q] · x[n][c][p·strideH − padH + i][q·strideW − padW + j]} (zero outside x).
     */
    void conv2dWeightGrad(View x, View dy, ConvGeometry g, Buffer dw);
}
