// Just enough of CUDA's execution model to run the kernels of src/main/cuda on the host: each block's
// threads are real threads meeting at __syncthreads() on a std::barrier (or, for kernels without
// barriers, run one after another on the caller's thread); blocks run one after another,
// so a function-local `static` array stands in for __shared__ memory. It checks the kernels' indexing,
// tiling, edge handling and reduction order where there is no GPU; it says nothing about speed, and
// nothing about warp-level behaviour (these kernels use none).
#pragma once
#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <math.h>
#include <thread>
#include <vector>

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
inline thread_local dim3 threadIdx;
inline thread_local dim3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;
inline std::barrier<>* block_barrier = nullptr;

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))

inline void __syncthreads() { block_barrier->arrive_and_wait(); }

struct alignas(16) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }

// Built with -ffp-contract=off, so plain operators round once each, as the _rn intrinsics do.
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline float __int_as_float(int bits) { float f; std::memcpy(&f, &bits, 4); return f; }
inline double __longlong_as_double(long long bits) { double d; std::memcpy(&d, &bits, 8); return d; }
using std::min;

// Runs kernel<<<grid, threads>>>(args...) for kernels without __syncthreads(): every thread of every
// block in turn, on the calling thread.
template <typename... P, typename... A>
void launch_serial(void (*kernel)(P...), dim3 grid, unsigned threads, A... args) {
    gridDim = grid;
    blockDim = {threads, 1, 1};
    for (unsigned z = 0; z < grid.z; z++)
        for (unsigned y = 0; y < grid.y; y++)
            for (unsigned x = 0; x < grid.x; x++)
                for (unsigned t = 0; t < threads; t++) {
                    threadIdx = {t, 0, 0};
                    blockIdx = {x, y, z};
                    kernel(args...);
                }
}

// Runs kernel<<<grid, threads>>>(args...).
template <typename... P, typename... A>
void launch(void (*kernel)(P...), dim3 grid, unsigned threads, A... args) {
    gridDim = grid;
    blockDim = {threads, 1, 1};
    for (unsigned z = 0; z < grid.z; z++) {
        for (unsigned y = 0; y < grid.y; y++) {
            for (unsigned x = 0; x < grid.x; x++) {
                std::barrier<> barrier(threads);
                block_barrier = &barrier;
                std::vector<std::thread> pool;
                for (unsigned t = 0; t < threads; t++) {
                    pool.emplace_back([&, t] {
                        threadIdx = {t, 0, 0};
                        blockIdx = {x, y, z};
                        kernel(args...);
                    });
                }
                for (auto& th : pool) th.join();
            }
        }
    }
}
