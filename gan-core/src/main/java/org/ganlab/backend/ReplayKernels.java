package org.ganlab.backend;

/**
 * Optional kernels prepared once for a captured step's replays (found with
 * {@link Backend#capability}): for a call whose buffers and layout never change, the backend may
 * resolve them once (storage, offsets, the loop to run) and return a call that does only the
 * arithmetic. Each returned call must compute exactly what the named {@link Backend} method
 * computes with these arguments, read at the time it runs; null where the backend has nothing
 * faster, and the replay calls the method itself.
 */
public interface ReplayKernels {

    /** {@link Backend#unary}, prepared. */
    Runnable prepareUnary(UnaryOp op, View src, Buffer out);

    /** {@link Backend#binary(BinaryOp, View, View, Buffer)}, prepared. */
    Runnable prepareBinary(BinaryOp op, View a, View b, Buffer out);

    /** {@link Backend#binary(BinaryOp, View, float, Buffer)}, prepared. */
    Runnable prepareScalar(BinaryOp op, View a, float scalar, Buffer out);

    /** {@link Backend#reduce}, prepared. */
    Runnable prepareReduce(ReduceOp op, View src, int[] outShape, Buffer out);
}
