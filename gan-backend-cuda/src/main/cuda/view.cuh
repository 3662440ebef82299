// Shared by every kernel file: how a kernel reads a strided View, and the op codes.
#pragma once

// Up to this many dimensions after the host has merged the mergeable ones (CudaViews.collapse).
#define MAX_RANK 8

// A View as the host packs it (CudaViews.pack): element (i0, i1, ...) of the logical row-major shape is
// at offset + i0*stride[0] + i1*stride[1] + ... Passed by value; 18 ints.
struct ViewDesc {
    int rank;
    int offset;
    int shape[MAX_RANK];
    int stride[MAX_RANK];
};

// Op codes are the ordinals of the Java enums UnaryOp, BinaryOp and ReduceOp; CudaOpCodesTest checks the order.
enum UnaryCode { U_COPY, U_NEG, U_EXP, U_LOG, U_SQRT, U_ABS, U_SIGN, U_SIGMOID, U_TANH };
enum BinaryCode { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAX, B_MIN, B_LT, B_GT, B_EQ };
enum ReduceCode { R_SUM, R_MAX };

// Storage position of the logical row-major element `flat`. The loop is unrolled over MAX_RANK so the
// descriptor's arrays are indexed by constants and stay in the parameter bank.
__device__ __forceinline__ int position(const ViewDesc& v, int flat) {
    if (v.rank == 1) {
        return v.offset + flat * v.stride[0];
    }
    int pos = v.offset;
#pragma unroll
    for (int d = MAX_RANK - 1; d >= 0; d--) {
        if (d < v.rank) {
            int extent = v.shape[d];
            int q = flat / extent;
            pos += (flat - q * extent) * v.stride[d];
            flat = q;
        }
    }
    return pos;
}

// java.lang.Math.max/min on floats and doubles: NaN wins, and -0 is below +0.
template <typename T>
__device__ __forceinline__ T java_max(T a, T b) {
    if (a != a) return a;
    if (a == 0 && b == 0 && signbit(a)) return b;
    return a >= b ? a : b;
}

template <typename T>
__device__ __forceinline__ T java_min(T a, T b) {
    if (a != a) return a;
    if (a == 0 && b == 0 && signbit(b)) return b;
    return a <= b ? a : b;
}
