// The CUDA backend's SGEMM kernels alone, timed with CUDA events as bench/gpu_reference.py times
// torch.matmul: n×n×n for n = 256, 1024, 4096, all four layouts, median of 15 after 3 warm-ups, on
// random data. Prints one JSON object; each product's bits are hashed, so two builds of the kernel
// can be checked for the same arithmetic. gpu-test.sh builds it with the GPU host's nvcc:
//     nvcc -O3 -std=c++17 -arch=sm_90 -I gan-backend-cuda/src/main/cuda -o sgemm_events bench/sgemm_events.cu
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>
#include "sgemm.cu"

#define CHECK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { \
    fprintf(stderr, "CUDA error %s at line %d\n", cudaGetErrorString(e), __LINE__); return 1; } } while (0)

typedef void (*Gemm)(GemmArgs, const float*, const float*, float*);

int main() {
    const char* layouts[4] = {"nn", "nt", "tn", "tt"};
    Gemm kernels[4] = {gemm_tiled_nn, gemm_tiled_nt, gemm_tiled_tn, gemm_tiled_tt};
    printf("{\"sgemm\": [");
    bool first = true;
    for (int n : {256, 1024, 4096}) {
        size_t count = (size_t) n * n;
        std::vector<float> host(count);
        uint32_t s = 12345;
        for (float& v : host) {
            s = s * 1664525u + 1013904223u;
            v = (s >> 8) * (2.0f / 16777216.0f) - 1.0f;
        }
        float *a, *b, *c;
        CHECK(cudaMalloc(&a, count * 4));
        CHECK(cudaMalloc(&b, count * 4));
        CHECK(cudaMalloc(&c, count * 4));
        CHECK(cudaMemcpy(a, host.data(), count * 4, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(b, host.data(), count * 4, cudaMemcpyHostToDevice));
        for (int v = 0; v < 4; v++) {
            const bool ta = v >= 2, tb = v % 2 == 1;
            GemmArgs g{};
            g.m = g.n = g.k = n;
            g.aRow = ta ? 1 : n; g.aCol = ta ? n : 1;
            g.bRow = tb ? 1 : n; g.bCol = tb ? n : 1;
            g.aVec = g.bVec = 1;
            g.batches = 1;
            const dim3 grid((n + BN - 1) / BN, (n + BM - 1) / BM, 1);
            cudaEvent_t start, end;
            CHECK(cudaEventCreate(&start));
            CHECK(cudaEventCreate(&end));
            for (int w = 0; w < 3; w++) kernels[v]<<<grid, GEMM_THREADS>>>(g, a, b, c);
            CHECK(cudaGetLastError());
            CHECK(cudaDeviceSynchronize());
            std::vector<float> ms;
            for (int r = 0; r < 15; r++) {
                cudaEventRecord(start);
                kernels[v]<<<grid, GEMM_THREADS>>>(g, a, b, c);
                cudaEventRecord(end);
                CHECK(cudaEventSynchronize(end));
                float t;
                CHECK(cudaEventElapsedTime(&t, start, end));
                ms.push_back(t);
            }
            std::sort(ms.begin(), ms.end());
            std::vector<float> out(count);
            CHECK(cudaMemcpy(out.data(), c, count * 4, cudaMemcpyDeviceToHost));
            uint64_t hash = 1469598103934665603ull;
            for (float f : out) {
                uint32_t bits;
                memcpy(&bits, &f, 4);
                hash = (hash ^ bits) * 1099511628211ull;
            }
            printf("%s\n {\"n\": %d, \"layout\": \"%s\", \"us\": %.2f, \"gflops\": %.1f, \"bits\": \"%016llx\"}",
                    first ? "" : ",", n, layouts[v], ms[7] * 1e3, 2.0 * n * n * (double) n / (ms[7] * 1e-3) / 1e9,
                    (unsigned long long) hash);
            first = false;
        }
        cudaFree(a);
        cudaFree(b);
        cudaFree(c);
    }
    printf("\n]}\n");
    return 0;
}
