// Fused optimiser updates: one pass per parameter instead of the 3 (SGD) to 13 (Adam) elementwise kernels
// the optimisers otherwise compose. The float operations are the composed update's, in its order
// (org.ganlab.backend.OptimizerKernels), each rounded once, so fused and composed give the same bits.
// Inputs are contiguous; a missing state (has_buf, has_m, has_v = 0) stands for the first step's zeros.

extern "C" __global__ void sgd_f32(int n, const float* __restrict__ p, const float* __restrict__ g,
        const float* __restrict__ buf, int has_buf, float lr, float momentum, float weight_decay,
        float* __restrict__ out_p, float* __restrict__ out_buf) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        const float pi = p[i];
        float gi = weight_decay != 0.0f ? __fadd_rn(g[i], __fmul_rn(pi, weight_decay)) : g[i];
        if (momentum != 0.0f) {
            gi = has_buf ? __fadd_rn(__fmul_rn(buf[i], momentum), gi) : gi;
            out_buf[i] = gi;
        }
        out_p[i] = __fsub_rn(pi, __fmul_rn(gi, lr));
    }
}

extern "C" __global__ void adam_f32(int n, const float* __restrict__ p, const float* __restrict__ g,
        const float* __restrict__ m, int has_m, const float* __restrict__ v, int has_v, float beta1, float one_minus_beta1,
        float beta2, float one_minus_beta2, float weight_decay, int decoupled, float decay, float bc2, float eps,
        float step_size, float* __restrict__ out_p, float* __restrict__ out_m, float* __restrict__ out_v) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        float pi = p[i];
        float gi = g[i];
        if (weight_decay != 0.0f) {
            if (decoupled) {
                pi = __fmul_rn(pi, decay);
            } else {
                gi = __fadd_rn(gi, __fmul_rn(pi, weight_decay));
            }
        }
        const float gm = __fmul_rn(gi, one_minus_beta1);
        const float mi = has_m ? __fadd_rn(__fmul_rn(m[i], beta1), gm) : gm;
        const float gg = __fmul_rn(__fmul_rn(gi, gi), one_minus_beta2);
        const float vi = has_v ? __fadd_rn(__fmul_rn(v[i], beta2), gg) : gg;
        out_m[i] = mi;
        out_v[i] = vi;
        const float denom = __fadd_rn(__fdiv_rn(__fsqrt_rn(vi), bc2), eps);
        out_p[i] = __fsub_rn(pi, __fmul_rn(__fdiv_rn(mi, denom), step_size));
    }
}
