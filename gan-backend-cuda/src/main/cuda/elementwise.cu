// Elementwise kernels: one thread per output element (grid-stride), inputs read through strided views.
// Arithmetic uses the IEEE round-to-nearest intrinsics so no two ops are ever contracted into one FMA;
// transcendentals are computed in double and rounded once, as the CPU backend does.
#include "view.cuh"

__device__ __forceinline__ float unary_op(int op, float x) {
    double d = (double) x;
    switch (op) {
        case U_COPY: return x;
        case U_NEG: return -x;
        case U_EXP: return (float) exp(d);
        case U_LOG: return (float) log(d);
        case U_SQRT: return __fsqrt_rn(x);
        case U_ABS: return fabsf(x);
        case U_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);  // keeps ±0 and NaN, as Math.signum
        case U_SIGMOID: return (float) (1.0 / (1.0 + exp(-d)));
        case U_TANH: return (float) tanh(d);
        default: return __int_as_float(0x7fc00000);
    }
}

// Math.pow semantics: C's pow says pow(1, NaN) = 1 and pow(-1, ±inf) = 1, Java says NaN for both.
__device__ __forceinline__ float java_pow(float x, float y) {
    if (y != y || (fabsf(x) == 1.0f && isinf(y))) {
        return __int_as_float(0x7fc00000);
    }
    return (float) pow((double) x, (double) y);
}

__device__ __forceinline__ float binary_op(int op, float x, float y) {
    switch (op) {
        case B_ADD: return __fadd_rn(x, y);
        case B_SUB: return __fsub_rn(x, y);
        case B_MUL: return __fmul_rn(x, y);
        case B_DIV: return __fdiv_rn(x, y);
        case B_POW: return java_pow(x, y);
        case B_MAX: return java_max(x, y);
        case B_MIN: return java_min(x, y);
        case B_LT: return x < y ? 1.0f : 0.0f;
        case B_GT: return x > y ? 1.0f : 0.0f;
        case B_EQ: return x == y ? 1.0f : 0.0f;
        default: return __int_as_float(0x7fc00000);
    }
}

extern "C" __global__ void unary_f32(int op, int n, ViewDesc src, const float* __restrict__ s, float* __restrict__ out) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        out[i] = unary_op(op, s[position(src, i)]);
    }
}

extern "C" __global__ void binary_f32(int op, int n, ViewDesc av, const float* __restrict__ a, ViewDesc bv,
        const float* __restrict__ b, float* __restrict__ out) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        out[i] = binary_op(op, a[position(av, i)], b[position(bv, i)]);
    }
}

extern "C" __global__ void binary_scalar_f32(int op, int n, ViewDesc av, const float* __restrict__ a, float c,
        float* __restrict__ out) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        out[i] = binary_op(op, a[position(av, i)], c);
    }
}
