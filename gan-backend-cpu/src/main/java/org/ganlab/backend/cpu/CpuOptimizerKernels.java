package org.ganlab.backend.cpu;

import org.ganlab.backend.Buffer;
import org.ganlab.backend.View;

/**
 * One pass per parameter for SGD and Adam, with the float operations of the composed update in the
 * same order (see {@link org.ganlab.backend.OptimizerKernels}), so both give the same bits. Adam's
 * long parameters run through {@link VectorAdam} where the Vector API is present, with the same bits.
 */
final class CpuOptimizerKernels {

    private CpuOptimizerKernels() {
    }

    static void sgd(View param, View grad, View buf, float lr, float momentum, float wd, Buffer newParam, Buffer newBuf) {
        float[] p = Strided.data(param);
        float[] g = Strided.data(grad);
        float[] b = buf == null ? null : Strided.data(buf);
        float[] out = ((CpuBuffer) newParam).data();
        float[] outBuf = newBuf == null ? null : ((CpuBuffer) newBuf).data();
        int po = param.offset();
        int go = grad.offset();
        int bo = buf == null ? 0 : buf.offset();
        for (int i = 0; i < out.length; i++) {
            float pi = p[po + i];
            float gi = wd != 0 ? g[go + i] + pi * wd : g[go + i];
            if (momentum != 0) {
                gi = b == null ? gi : b[bo + i] * momentum + gi;
                outBuf[i] = gi;
            }
            out[i] = pi - gi * lr;
        }
    }

    static void adam(View param, View grad, View m, View v, float beta1, float oneMinusBeta1, float beta2,
            float oneMinusBeta2, float wd, boolean decoupled, float decay, float bc2, float eps, float stepSize,
            Buffer newParam, Buffer newM, Buffer newV) {
        float[] p = Strided.data(param);
        float[] g = Strided.data(grad);
        float[] ma = m == null ? null : Strided.data(m);
        float[] va = v == null ? null : Strided.data(v);
        float[] outP = ((CpuBuffer) newParam).data();
        float[] outM = ((CpuBuffer) newM).data();
        float[] outV = ((CpuBuffer) newV).data();
        int po = param.offset();
        int go = grad.offset();
        int mo = m == null ? 0 : m.offset();
        int vo = v == null ? 0 : v.offset();
        boolean decay2 = wd != 0;
        int start = Matmul.VECTOR && outP.length >= Matmul.VECTOR_MIN_LENGTH
                ? VectorAdam.adam(p, po, g, go, ma, mo, va, vo, beta1, oneMinusBeta1, beta2, oneMinusBeta2, wd, bc2, eps,
                        stepSize, outP, outM, outV, outP.length)
                : 0;
        for (int i = start; i < outP.length; i++) {
            float pi = p[po + i];
            float gi = g[go + i];
            if (decay2) {
                if (decoupled) {
                    pi = pi * decay;
                } else {
                    gi = gi + pi * wd;
                }
            }
            float mi = ma == null ? gi * oneMinusBeta1 : ma[mo + i] * beta1 + gi * oneMinusBeta1;
            float gg = gi * gi * oneMinusBeta2;
            float vi = va == null ? gg : va[vo + i] * beta2 + gg;
            outM[i] = mi;
            outV[i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2 + eps;
            outP[i] = pi - mi / denom * stepSize;
        }
    }
}
