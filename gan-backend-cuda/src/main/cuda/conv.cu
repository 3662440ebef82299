// The convolution kernels: one thread per output element (grid-stride), each computed in the order
// the Backend contract spells out, so the bits are the CPU backend's. Operands are contiguous NCHW
// (the host copies a strided one first); the input is read as zero outside its edges (the padding).
#include "view.cuh"

// The geometry, as the host packs it (CudaBackend.convArgs): 13 ints passed by value.
struct ConvArgs {
    int batch, inC, height, width;
    int outC, kh, kw;
    int sh, sw, ph, pw;
    int outH, outW;
};

__device__ __forceinline__ float input_at(const ConvArgs& g, const float* __restrict__ x, int n, int c, int y, int v) {
    return (y >= 0 && y < g.height && v >= 0 && v < g.width) ? x[((size_t) (n * g.inC + c) * g.height + y) * g.width + v]
                                                                : 0.0f;
}

// out[n][o][p][q]: one fmaf chain from 0 over (c, i, j) ascending.
extern "C" __global__ void conv2d_f32(ConvArgs g, const float* __restrict__ x, const float* __restrict__ w,
        float* __restrict__ out) {
    const int total = g.batch * g.outC * g.outH * g.outW;
    for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < total; e += gridDim.x * blockDim.x) {
        const int q = e % g.outW;
        int t = e / g.outW;
        const int p = t % g.outH;
        t /= g.outH;
        const int o = t % g.outC;
        const int n = t / g.outC;
        float acc = 0.0f;
        for (int c = 0; c < g.inC; c++) {
            for (int i = 0; i < g.kh; i++) {
                const int y = p * g.sh - g.ph + i;
                for (int j = 0; j < g.kw; j++) {
                    acc = fmaf(input_at(g, x, n, c, y, q * g.sw - g.pw + j), w[((o * g.inC + c) * g.kh + i) * g.kw + j], acc);
                }
            }
        }
        out[e] = acc;
    }
}

// dx[n][c][h][v]: the plain sum from 0, over the taps (i, j) ascending that reach it, of each tap's
// fmaf chain from 0 over o ascending.
extern "C" __global__ void conv2d_input_grad_f32(ConvArgs g, const float* __restrict__ dy, const float* __restrict__ w,
        float* __restrict__ dx) {
    const int total = g.batch * g.inC * g.height * g.width;
    for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < total; e += gridDim.x * blockDim.x) {
        const int v = e % g.width;
        int t = e / g.width;
        const int h = t % g.height;
        t /= g.height;
        const int c = t % g.inC;
        const int n = t / g.inC;
        float sum = 0.0f;
        for (int i = 0; i < g.kh; i++) {
            const int ph = h + g.ph - i;
            if (ph < 0 || ph % g.sh != 0 || ph / g.sh >= g.outH) {
                continue;
            }
            const int p = ph / g.sh;
            for (int j = 0; j < g.kw; j++) {
                const int pw = v + g.pw - j;
                if (pw < 0 || pw % g.sw != 0 || pw / g.sw >= g.outW) {
                    continue;
                }
                const int q = pw / g.sw;
                float tap = 0.0f;
                for (int o = 0; o < g.outC; o++) {
                    tap = fmaf(dy[((size_t) (n * g.outC + o) * g.outH + p) * g.outW + q],
                               w[((o * g.inC + c) * g.kh + i) * g.kw + j], tap);
                }
                sum = __fadd_rn(sum, tap);
            }
        }
        dx[e] = sum;
    }
}

// dw[o][c][i][j]: the plain sum from 0, over the images n ascending, of each image's fmaf chain from 0
// over (p, q) ascending.
extern "C" __global__ void conv2d_weight_grad_f32(ConvArgs g, const float* __restrict__ x, const float* __restrict__ dy,
        float* __restrict__ dw) {
    const int total = g.outC * g.inC * g.kh * g.kw;
    for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < total; e += gridDim.x * blockDim.x) {
        const int j = e % g.kw;
        int t = e / g.kw;
        const int i = t % g.kh;
        t /= g.kh;
        const int c = t % g.inC;
        const int o = t / g.inC;
        float sum = 0.0f;
        for (int n = 0; n < g.batch; n++) {
            float chain = 0.0f;
            for (int p = 0; p < g.outH; p++) {
                const int y = p * g.sh - g.ph + i;
                for (int q = 0; q < g.outW; q++) {
                    chain = fmaf(dy[((size_t) (n * g.outC + o) * g.outH + p) * g.outW + q],
                                 input_at(g, x, n, c, y, q * g.sw - g.pw + j), chain);
                }
            }
            sum = __fadd_rn(sum, chain);
        }
        dw[e] = sum;
    }
}
