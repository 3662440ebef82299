package org.ganlab.backend;

/**
 * Optional fused optimiser updates a backend may offer (found with {@link Backend#capability}). Without
 * them the optimisers compose the same arithmetic from the primitive kernels; a backend that offers
 * them must compute exactly that arithmetic, in that order, elementwise in float32:
 *
 * <pre>
 * SGD:  g = grad (+ wd·p);  buf = g, or buf·momentum + g;  p' = p − (g or buf)·lr
 * Adam: p = p·(1 − lr·wd) if decoupled;  g = grad (+ wd·p if not);
 *       m' = m·β1 + g·oneMinusBeta1;  v' = v·β2 + (g·g)·oneMinusBeta2;
 *       p' = p − (m' / (sqrt(v') / bc2 + eps))·stepSize
 * </pre>
 *
 * Every constant arrives as the float the composed update multiplies by ({@code oneMinusBeta1} is
 * {@code (float) (1 − β1)} computed in double, not {@code 1f − (float) β1}).
 * All views are contiguous and of one size; outputs are fresh buffers of that size. A null input
 * view ({@code buf}, {@code m}, {@code v} at the first step) stands for zeros (for SGD momentum:
 * "no buffer yet").
 */
public interface OptimizerKernels {

    void sgd(View param, View grad, View buf, float lr, float momentum, float weightDecay, Buffer newParam,
            Buffer newBuf);

    void adam(View param, View grad, View m, View v, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
            float weightDecay, boolean decoupled, float decay, float bc2, float eps, float stepSize, Buffer newParam,
            Buffer newM, Buffer newV);
}
