// Single-precision matrix products C[b] = A[b] · B[b] with C contiguous [batch, m, n].
//
// Every output element is one fmaf chain over k in ascending order starting from +0, in both kernels
// (zero padding past k adds +0 and changes no bit), so the kernel choice never changes a result, and
// the result equals the CPU backend's.
//
// gemm_tiled_*: 2-D block tiling. A 256-thread block computes a 128×128 tile of C, each thread an
// 8×8 sub-tile (two 4-row by two 4-column quarters, spread so shared-memory reads are conflict-free)
// held in registers; A and B advance through double-buffered shared memory 8 columns/rows at a time,
// the next slice's global loads in flight while the current one is multiplied.
// Loads along the contiguous axis are float4 when the host says the operand is 16-byte aligned and
// the tile lies wholly inside the matrix; edge tiles fall back to guarded scalar loads with zero fill.
// The suffix names the layouts: n = row-major (k contiguous for A, n contiguous for B),
// t = transposed (m contiguous for A, k contiguous for B) — the layouts backward passes produce.
//
// gemm_small: one thread per output element, for products too thin to fill a tile.
#include "view.cuh"

#define BM 128
#define BN 128
#define BK 8
#define TM 8
#define TN 8
#define GEMM_THREADS 256
// Kernels are bounded to 128 registers a thread (two blocks per SM); uncapped they take about 150, one
// block per SM. Measured on an H100 at 4096³: 40.7–41.9 TFLOP/s capped, 39.8–40.4 uncapped.

// A(i, p) = a[aOffset + batch*aBatch + i*aRow + p*aCol]; B(p, j) = b[bOffset + batch*bBatch + p*bRow + j*bCol].
// Packed by CudaMatmul; 15 ints.
struct GemmArgs {
    int m, n, k;
    int aOffset, aBatch, aRow, aCol;
    int bOffset, bBatch, bRow, bCol;
    int aVec, bVec;  // 1: float4 loads along the contiguous axis are aligned
    int batch0;      // first batch of this launch (grids hold at most 65535 batches)
    int batches;     // batches in this launch
};

// Elements (row + e*dr, col + e*dc), e = 0..3, of a rows×cols matrix stored at m[row*rowStride + col*colStride]:
// one float4 load when `vector` (the four are contiguous, 16-byte aligned and inside the matrix),
// else four guarded loads with zeros past the edges.
__device__ __forceinline__ float4 fetch4(const float* __restrict__ m, int row, int col, int dr, int dc, int rows,
        int cols, int rowStride, int colStride, bool vector) {
    if (vector) {
        return *reinterpret_cast<const float4*>(m + (size_t) row * rowStride + (size_t) col * colStride);
    }
    float v[4];
#pragma unroll
    for (int e = 0; e < 4; e++) {
        const int r = row + e * dr;
        const int c = col + e * dc;
        v[e] = r < rows && c < cols ? m[(size_t) r * rowStride + (size_t) c * colStride] : 0.0f;
    }
    return make_float4(v[0], v[1], v[2], v[3]);
}

// One thread's share of a BK-deep slice of the block's A tile: four elements along A's unit-stride axis.
template <bool TA>
__device__ __forceinline__ float4 loadA(const GemmArgs& g, const float* __restrict__ a, int m0, int k0, int t,
        bool fullM) {
    const bool vector = g.aVec && fullM && k0 + BK <= g.k;
    if (!TA) {
        return fetch4(a, m0 + t / 2, k0 + (t % 2) * 4, 0, 1, g.m, g.k, g.aRow, g.aCol, vector);
    }
    return fetch4(a, m0 + (t % 32) * 4, k0 + t / 32, 1, 0, g.m, g.k, g.aRow, g.aCol, vector);
}

// ... and of B's.
template <bool TB>
__device__ __forceinline__ float4 loadB(const GemmArgs& g, const float* __restrict__ b, int n0, int k0, int t,
        bool fullN) {
    const bool vector = g.bVec && fullN && k0 + BK <= g.k;
    if (!TB) {
        return fetch4(b, k0 + t / 32, n0 + (t % 32) * 4, 0, 1, g.k, g.n, g.bRow, g.bCol, vector);
    }
    return fetch4(b, k0 + (t % 2) * 4, n0 + t / 2, 1, 0, g.k, g.n, g.bRow, g.bCol, vector);
}

// Shared tiles are stored k-major (as[p][i], bs[p][j]), so the inner loop reads rows: a row-major A
// and a transposed B are scattered into place, the other two layouts land as whole float4s.
template <bool TA>
__device__ __forceinline__ void storeA(float (*as)[BM], int t, float4 v) {
    if (!TA) {
        const int i = t / 2;
        const int p = (t % 2) * 4;
        as[p][i] = v.x; as[p + 1][i] = v.y; as[p + 2][i] = v.z; as[p + 3][i] = v.w;
    } else {
        *reinterpret_cast<float4*>(&as[t / 32][(t % 32) * 4]) = v;
    }
}

template <bool TB>
__device__ __forceinline__ void storeB(float (*bs)[BN], int t, float4 v) {
    if (!TB) {
        *reinterpret_cast<float4*>(&bs[t / 32][(t % 32) * 4]) = v;
    } else {
        const int j = t / 2;
        const int p = (t % 2) * 4;
        bs[p][j] = v.x; bs[p + 1][j] = v.y; bs[p + 2][j] = v.z; bs[p + 3][j] = v.w;
    }
}

// A thread's 8 rows (and, with tx, its 8 columns) of the block's tile: 4 at ty*4 and 4 at BM/2 + ty*4,
// so that the 16 threads sharing a row of the warp read 16 consecutive float4s of a shared row: no
// bank conflicts. Element e of the 8.
__device__ __forceinline__ int half_tile(int base, int e, int half) {
    return e < 4 ? base + e : half + base + e - 4;
}

template <bool TA, bool TB>
__device__ __forceinline__ void gemm_tiled(const GemmArgs& g, const float* __restrict__ A,
        const float* __restrict__ B, float* __restrict__ C) {
    // Two buffers: while the block multiplies one slice, its threads' loads of the next are in flight.
    __shared__ __align__(16) float As[2][BK][BM];
    __shared__ __align__(16) float Bs[2][BK][BN];
    const int batch = g.batch0 + blockIdx.z;
    const int m0 = blockIdx.y * BM;
    const int n0 = blockIdx.x * BN;
    const float* a = A + g.aOffset + (size_t) batch * g.aBatch;
    const float* b = B + g.bOffset + (size_t) batch * g.bBatch;
    float* c = C + (size_t) batch * g.m * g.n;
    const int t = threadIdx.x;
    const int ty = t / 16;
    const int tx = t % 16;
    const bool fullM = m0 + BM <= g.m;
    const bool fullN = n0 + BN <= g.n;

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++) {
#pragma unroll
        for (int j = 0; j < TN; j++) {
            acc[i][j] = 0.0f;
        }
    }

    float4 nextA = loadA<TA>(g, a, m0, 0, t, fullM);
    float4 nextB = loadB<TB>(g, b, n0, 0, t, fullN);
    storeA<TA>(As[0], t, nextA);
    storeB<TB>(Bs[0], t, nextB);
    __syncthreads();
    for (int k0 = 0, buf = 0; k0 < g.k; k0 += BK, buf ^= 1) {
        const bool more = k0 + BK < g.k;
        if (more) {
            nextA = loadA<TA>(g, a, m0, k0 + BK, t, fullM);
            nextB = loadB<TB>(g, b, n0, k0 + BK, t, fullN);
        }
#pragma unroll
        for (int p = 0; p < BK; p++) {
            float ra[TM];
            float rb[TN];
            const float4 a0 = *reinterpret_cast<const float4*>(&As[buf][p][ty * 4]);
            const float4 a1 = *reinterpret_cast<const float4*>(&As[buf][p][BM / 2 + ty * 4]);
            const float4 b0 = *reinterpret_cast<const float4*>(&Bs[buf][p][tx * 4]);
            const float4 b1 = *reinterpret_cast<const float4*>(&Bs[buf][p][BN / 2 + tx * 4]);
            ra[0] = a0.x; ra[1] = a0.y; ra[2] = a0.z; ra[3] = a0.w;
            ra[4] = a1.x; ra[5] = a1.y; ra[6] = a1.z; ra[7] = a1.w;
            rb[0] = b0.x; rb[1] = b0.y; rb[2] = b0.z; rb[3] = b0.w;
            rb[4] = b1.x; rb[5] = b1.y; rb[6] = b1.z; rb[7] = b1.w;
#pragma unroll
            for (int i = 0; i < TM; i++) {
#pragma unroll
                for (int j = 0; j < TN; j++) {
                    acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
                }
            }
        }
        if (more) {
            // The other buffer was last read before the previous barrier: no one reads it now.
            storeA<TA>(As[buf ^ 1], t, nextA);
            storeB<TB>(Bs[buf ^ 1], t, nextB);
        }
        __syncthreads();
    }

    const bool vectorStore = fullN && g.n % 4 == 0;
#pragma unroll
    for (int i = 0; i < TM; i++) {
        const int row = m0 + half_tile(ty * 4, i, BM / 2);
        if (row >= g.m) {
            continue;
        }
        float* out = c + (size_t) row * g.n + n0;
        if (vectorStore) {
            *reinterpret_cast<float4*>(out + tx * 4) = make_float4(acc[i][0], acc[i][1], acc[i][2], acc[i][3]);
            *reinterpret_cast<float4*>(out + BN / 2 + tx * 4) = make_float4(acc[i][4], acc[i][5], acc[i][6], acc[i][7]);
        } else {
#pragma unroll
            for (int j = 0; j < TN; j++) {
                const int col = half_tile(tx * 4, j, BN / 2);
                if (n0 + col < g.n) {
                    out[col] = acc[i][j];
                }
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(GEMM_THREADS, 2) gemm_tiled_nn(GemmArgs g, const float* __restrict__ a,
        const float* __restrict__ b, float* __restrict__ c) {
    gemm_tiled<false, false>(g, a, b, c);
}

extern "C" __global__ void __launch_bounds__(GEMM_THREADS, 2) gemm_tiled_nt(GemmArgs g, const float* __restrict__ a,
        const float* __restrict__ b, float* __restrict__ c) {
    gemm_tiled<false, true>(g, a, b, c);
}

extern "C" __global__ void __launch_bounds__(GEMM_THREADS, 2) gemm_tiled_tn(GemmArgs g, const float* __restrict__ a,
        const float* __restrict__ b, float* __restrict__ c) {
    gemm_tiled<true, false>(g, a, b, c);
}

extern "C" __global__ void __launch_bounds__(GEMM_THREADS, 2) gemm_tiled_tt(GemmArgs g, const float* __restrict__ a,
        const float* __restrict__ b, float* __restrict__ c) {
    gemm_tiled<true, true>(g, a, b, c);
}

extern "C" __global__ void gemm_small(GemmArgs g, const float* __restrict__ A, const float* __restrict__ B,
        float* __restrict__ C) {
    const int mn = g.m * g.n;
    const int total = g.batches * mn;
    for (int idx = blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += gridDim.x * blockDim.x) {
        const int batch = g.batch0 + idx / mn;
        const int i = idx % mn / g.n;
        const int j = idx % g.n;
        const float* a = A + g.aOffset + (size_t) batch * g.aBatch + (size_t) i * g.aRow;
        const float* b = B + g.bOffset + (size_t) batch * g.bBatch + (size_t) j * g.bCol;
        float acc = 0.0f;
        for (int p = 0; p < g.k; p++) {
            acc = fmaf(a[(size_t) p * g.aCol], b[(size_t) p * g.bRow], acc);
        }
        C[(size_t) batch * mn + idx % mn] = acc;
    }
}
