// Deterministic reductions, no atomics. The host permutes the source view so that the kept axes come
// first and the reduced ones last: output o reduces the logical elements o*inner .. o*inner + inner-1.
// Accumulation is in double (exact for MAX, and like the CPU backend's for SUM), rounded once at the end.
// Which kernel runs depends only on the shapes, so the same input always gives the same bits.
#include "view.cuh"

#define REDUCE_THREADS 256

__device__ __forceinline__ double combine(int op, double acc, double x) {
    return op == R_SUM ? acc + x : java_max(acc, x);
}

__device__ __forceinline__ double identity(int op) {
    return op == R_SUM ? 0.0 : __longlong_as_double(0xfff0000000000000LL);  // -infinity
}

// Small reductions, and many outputs of a short axis: one thread per output, in order. For a column sum
// (a bias gradient) neighbouring threads read neighbouring columns, so the loads coalesce.
extern "C" __global__ void reduce_serial_f32(int op, int outer, int inner, ViewDesc src, const float* __restrict__ s,
        float* __restrict__ out) {
    for (int o = blockIdx.x * blockDim.x + threadIdx.x; o < outer; o += gridDim.x * blockDim.x) {
        double acc = identity(op);
        int base = o * inner;
        for (int r = 0; r < inner; r++) {
            acc = combine(op, acc, (double) s[position(src, base + r)]);
        }
        out[o] = (float) acc;
    }
}

// Long axes: block (o, c) reduces chunk c of output o with a fixed strided pattern and a fixed shared-memory
// tree, and writes one double partial; reduce_finish_f32 combines the chunks of each output in order.
extern "C" __global__ void reduce_chunks_f32(int op, int outer, int inner, int chunk, ViewDesc src,
        const float* __restrict__ s, double* __restrict__ partial) {
    __shared__ double tree[REDUCE_THREADS];
    int o = blockIdx.x;
    int c = blockIdx.y;
    int begin = c * chunk;
    int end = min(inner, begin + chunk);
    double acc = identity(op);
    for (int r = begin + threadIdx.x; r < end; r += REDUCE_THREADS) {
        acc = combine(op, acc, (double) s[position(src, o * inner + r)]);
    }
    tree[threadIdx.x] = acc;
    __syncthreads();
    for (int width = REDUCE_THREADS / 2; width > 0; width >>= 1) {
        if (threadIdx.x < width) {
            tree[threadIdx.x] = combine(op, tree[threadIdx.x], tree[threadIdx.x + width]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        partial[o * gridDim.y + c] = tree[0];
    }
}

extern "C" __global__ void reduce_finish_f32(int op, int outer, int chunks, const double* __restrict__ partial,
        float* __restrict__ out) {
    for (int o = blockIdx.x * blockDim.x + threadIdx.x; o < outer; o += gridDim.x * blockDim.x) {
        double acc = identity(op);
        for (int c = 0; c < chunks; c++) {
            acc = combine(op, acc, partial[o * chunks + c]);
        }
        out[o] = (float) acc;
    }
}
