// Runs the real kernel sources under cuda_emulation.h and checks them against plain host code.
// Exit status 0 when every check passes. Built and run by KernelEmulationTest (JUnit) where g++ exists.
#include "cuda_emulation.h"

#include "elementwise.cu"
#include "optimizer.cu"
#include "reduce.cu"
#include "sgemm.cu"

#include <cstdio>
#include <random>

static int failures = 0;
static int checks = 0;
#define CHECK(cond, ...)                      \
    do {                                      \
        checks++;                             \
        if (!(cond)) {                        \
            if (++failures <= 20) {           \
                std::printf("FAIL: ");        \
                std::printf(__VA_ARGS__);     \
                std::printf("\n");            \
            }                                 \
        }                                     \
    } while (0)

static std::mt19937 rng(20261122);
static float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); }
static bool same_bits(float a, float b) { return std::memcmp(&a, &b, 4) == 0; }

static ViewDesc view(std::vector<int> shape, std::vector<int> stride, int offset) {
    ViewDesc v{};
    v.rank = (int) shape.size();
    v.offset = offset;
    for (size_t d = 0; d < shape.size(); d++) {
        v.shape[d] = shape[d];
        v.stride[d] = stride[d];
    }
    return v;
}

// ------------------------------------------------------------------------------------------- sgemm

// One operand in storage: element (r, c) of matrix b at offset + b*batch + r*row + c*col.
struct Operand {
    std::vector<float> storage;
    int offset, batch, row, col;
    float at(int b, int r, int c) const { return storage[offset + b * batch + r * row + c * col]; }
};

// rows×cols per batch; `transposed` stores each matrix column-major; pad widens the leading dimension.
static Operand operand(int batches, int rows, int cols, bool transposed, int pad, int offset) {
    int ld = (transposed ? rows : cols) + pad;
    int per = ld * (transposed ? cols : rows) + (pad ? 4 : 0);
    Operand o{std::vector<float>(offset + batches * per), offset, per, transposed ? 1 : ld, transposed ? ld : 1};
    for (auto& x : o.storage) x = uniform(-1, 1);
    return o;
}

static bool aligned(const Operand& o, int batches, bool transposed) {
    int lead = transposed ? o.col : o.row;
    return o.offset % 4 == 0 && (batches == 1 || o.batch % 4 == 0) && lead % 4 == 0;
}

static void gemm_case(int batches, int m, int n, int k, bool ta, bool tb, int pad, int offset) {
    Operand a = operand(batches, m, k, ta, pad, offset);
    Operand b = operand(batches, k, n, tb, pad, offset);
    GemmArgs g{m, n, k, a.offset, a.batch, a.row, a.col, b.offset, b.batch, b.row, b.col,
               aligned(a, batches, ta), aligned(b, batches, tb), 0, batches};
    std::vector<float> tiled(batches * m * n, -7.0f);
    std::vector<float> small(batches * m * n, -7.0f);
    void (*kernel)(GemmArgs, const float*, const float*, float*) =
            ta ? (tb ? gemm_tiled_tt : gemm_tiled_tn) : (tb ? gemm_tiled_nt : gemm_tiled_nn);
    launch(kernel, dim3{(unsigned) (n + 127) / 128, (unsigned) (m + 127) / 128, (unsigned) batches}, GEMM_THREADS, g,
           (const float*) a.storage.data(), (const float*) b.storage.data(), tiled.data());
    launch(gemm_small, dim3{3, 1, 1}, 64, g, (const float*) a.storage.data(), (const float*) b.storage.data(),
           small.data());
    int bad = 0;
    for (int bt = 0; bt < batches; bt++) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float chain = 0.0f;  // what the CPU backend computes: one fma chain over ascending k
                for (int p = 0; p < k; p++) chain = std::fma(a.at(bt, i, p), b.at(bt, p, j), chain);
                int idx = (bt * m + i) * n + j;
                if (!same_bits(chain, tiled[idx]) || !same_bits(chain, small[idx])) bad++;
            }
        }
    }
    CHECK(bad == 0, "gemm %dx[%dx%d]x[%dx%d] %c%c pad %d offset %d (vector loads %d%d): %d elements differ from the "
          "fma chain", batches, m, k, k, n, ta ? 't' : 'n', tb ? 't' : 'n', pad, offset, g.aVec, g.bVec, bad);
}

static void test_gemm() {
    int shapes[][4] = {{1, 130, 70, 120}, {1, 128, 128, 16}, {2, 200, 136, 37}, {1, 64, 64, 1}, {1, 1, 1, 1},
                       {1, 65, 257, 9}, {3, 4, 5, 6}, {1, 256, 128, 0}, {1, 128, 256, 31}};
    for (auto& s : shapes) {
        for (int layout = 0; layout < 4; layout++) {
            for (int variant = 0; variant < 3; variant++) {
                int pad = variant == 1 ? 3 : 0;
                int offset = variant == 2 ? 4 : (variant == 1 ? 1 : 0);
                gemm_case(s[0], s[1], s[2], s[3], layout & 1, layout & 2, pad, offset);
            }
        }
    }
}

// ------------------------------------------------------------------------------------------- reduce

static void reduce_case(int op, int outer, int inner, bool transposed) {
    // logical [outer, inner]; stored row-major, or as the transpose of an [inner, outer] array (column sums)
    std::vector<float> s(outer * inner);
    for (auto& x : s) x = uniform(-2, 2);
    ViewDesc v = transposed ? view({outer, inner}, {1, outer}, 0) : view({outer * inner}, {1}, 0);
    std::vector<float> serial(outer), chunked(outer);
    launch(reduce_serial_f32, dim3{2, 1, 1}, 64, op, outer, inner, v, (const float*) s.data(), serial.data());
    int chunk = 300;
    int chunks = (inner + chunk - 1) / chunk;
    std::vector<double> partial(outer * chunks);
    launch(reduce_chunks_f32, dim3{(unsigned) outer, (unsigned) chunks, 1}, REDUCE_THREADS, op, outer, inner, chunk, v,
           (const float*) s.data(), partial.data());
    launch(reduce_finish_f32, dim3{1, 1, 1}, 32, op, outer, chunks, (const double*) partial.data(), chunked.data());
    for (int o = 0; o < outer; o++) {
        double acc = op == R_SUM ? 0.0 : -INFINITY;
        double mag = 0;
        for (int r = 0; r < inner; r++) {
            double x = transposed ? s[r * outer + o] : s[o * inner + r];
            acc = op == R_SUM ? acc + x : std::max(acc, x);
            mag += std::fabs(x);
        }
        double tol = op == R_SUM ? 1e-6 * mag + 1e-30 : 0;
        CHECK(serial[o] == (float) acc || std::fabs(serial[o] - (float) acc) <= tol, "reduce %d serial [%d,%d]%s output %d: %g vs %g", op, outer,
              inner, transposed ? " transposed" : "", o, serial[o], acc);
        CHECK(chunked[o] == (float) acc || std::fabs(chunked[o] - (float) acc) <= tol, "reduce %d chunked [%d,%d]%s output %d: %g vs %g", op,
              outer, inner, transposed ? " transposed" : "", o, chunked[o], acc);
    }
}

static void test_reduce() {
    for (int op : {R_SUM, R_MAX}) {
        reduce_case(op, 1, 1, false);
        reduce_case(op, 3, 1000, false);
        reduce_case(op, 5, 777, true);
        reduce_case(op, 1, 0, false);  // empty: 0 for SUM, -inf for MAX
    }
    // NaN wins a max, as Math.max
    std::vector<float> s = {1, NAN, 3};
    std::vector<float> out(1);
    launch(reduce_serial_f32, dim3{1, 1, 1}, 32, (int) R_MAX, 1, 3, view({3}, {1}, 0), (const float*) s.data(),
           out.data());
    CHECK(std::isnan(out[0]), "max with a NaN is NaN, was %g", out[0]);
}

// ------------------------------------------------------------------------------------------- elementwise

static float run_binary(int op, float x, float y) {
    float a[1] = {x}, b[1] = {y}, o[1];
    launch(binary_f32, dim3{1, 1, 1}, 1, op, 1, view({1}, {1}, 0), (const float*) a, view({1}, {1}, 0),
           (const float*) b, o);
    return o[0];
}

static void test_elementwise() {
    // Math.pow, Math.max and Math.min corner cases
    CHECK(std::isnan(run_binary(B_POW, 1.0f, NAN)), "pow(1, NaN) is NaN in Java");
    CHECK(std::isnan(run_binary(B_POW, -1.0f, INFINITY)), "pow(-1, inf) is NaN in Java");
    CHECK(run_binary(B_POW, 2.0f, 3.0f) == 8.0f, "pow(2, 3)");
    CHECK(run_binary(B_POW, NAN, 0.0f) == 1.0f, "pow(NaN, 0) is 1");
    CHECK(same_bits(run_binary(B_MAX, -0.0f, 0.0f), 0.0f), "max(-0, 0) is +0");
    CHECK(same_bits(run_binary(B_MAX, 0.0f, -0.0f), 0.0f), "max(0, -0) is +0");
    CHECK(same_bits(run_binary(B_MIN, 0.0f, -0.0f), -0.0f), "min(0, -0) is -0");
    CHECK(same_bits(run_binary(B_MIN, -0.0f, 0.0f), -0.0f), "min(-0, 0) is -0");
    CHECK(std::isnan(run_binary(B_MAX, NAN, 1.0f)) && std::isnan(run_binary(B_MAX, 1.0f, NAN)), "max with NaN is NaN");
    CHECK(std::isnan(run_binary(B_MIN, NAN, 1.0f)) && std::isnan(run_binary(B_MIN, 1.0f, NAN)), "min with NaN is NaN");
    CHECK(run_binary(B_LT, 1, 2) == 1 && run_binary(B_GT, 1, 2) == 0 && run_binary(B_EQ, NAN, NAN) == 0, "comparisons");

    // a transposed [3,5] view plus a broadcast row, through the strided path
    std::vector<float> a(15), row(5), out(15), neg(15);
    for (auto& x : a) x = uniform(-3, 3);
    for (auto& x : row) x = uniform(-3, 3);
    ViewDesc at = view({3, 5}, {1, 3}, 0);  // element (i, j) at j*3 + i
    ViewDesc rb = view({3, 5}, {0, 1}, 0);
    launch(binary_f32, dim3{1, 1, 1}, 8, (int) B_SUB, 15, at, (const float*) a.data(), rb, (const float*) row.data(),
           out.data());
    launch(unary_f32, dim3{1, 1, 1}, 8, (int) U_NEG, 15, at, (const float*) a.data(), neg.data());
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 5; j++) {
            CHECK(same_bits(out[i * 5 + j], a[j * 3 + i] - row[j]), "strided sub at (%d,%d)", i, j);
            CHECK(same_bits(neg[i * 5 + j], -a[j * 3 + i]), "strided neg at (%d,%d)", i, j);
        }
    }
    // Math.signum keeps ±0 and NaN
    float specials[] = {2.5f, -0.0f, 0.0f, -3.0f, NAN};
    float signs[5];
    launch(unary_f32, dim3{1, 1, 1}, 4, (int) U_SIGN, 5, view({5}, {1}, 0), (const float*) specials, signs);
    CHECK(signs[0] == 1 && same_bits(signs[1], -0.0f) && same_bits(signs[2], 0.0f) && signs[3] == -1
          && std::isnan(signs[4]), "signum");
    float sig[1];
    float x[1] = {-100.0f};
    launch(unary_f32, dim3{1, 1, 1}, 1, (int) U_SIGMOID, 1, view({1}, {1}, 0), (const float*) x, sig);
    CHECK(sig[0] == (float) (1.0 / (1.0 + std::exp(100.0))), "sigmoid(-100) in double: %g", sig[0]);
    // a rank-3 view with an offset, scalar operand
    std::vector<float> big(40);
    for (auto& v : big) v = uniform(-1, 1);
    std::vector<float> scaled(24);
    ViewDesc r3 = view({2, 3, 4}, {16, 1, 3}, 5);
    launch(binary_scalar_f32, dim3{2, 1, 1}, 5, (int) B_MUL, 24, r3, (const float*) big.data(), 1.5f, scaled.data());
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int l = 0; l < 4; l++)
                CHECK(same_bits(scaled[(i * 3 + j) * 4 + l], big[5 + i * 16 + j + l * 3] * 1.5f), "rank-3 mul");
}

// ------------------------------------------------------------------------------------------- optimizers

// The composed updates of org.ganlab.backend.OptimizerKernels, one rounding per operation.
static void test_optimizers() {
    const int n = 37;
    std::vector<float> p(n), g(n), buf(n), m(n), v(n);
    for (int i = 0; i < n; i++) {
        p[i] = uniform(-1, 1);
        g[i] = uniform(-1, 1);
        buf[i] = uniform(-1, 1);
        m[i] = uniform(-1, 1);
        v[i] = uniform(0, 1);
    }
    for (int variant = 0; variant < 4; variant++) {
        bool has_buf = variant & 1;
        float momentum = variant & 2 ? 0.9f : 0.0f;
        float lr = 0.05f, wd = variant == 3 ? 0.01f : 0.0f;
        std::vector<float> out(n), out_buf(n);
        launch(sgd_f32, dim3{1, 1, 1}, 16, n, (const float*) p.data(), (const float*) g.data(),
               (const float*) (has_buf ? buf.data() : nullptr), (int) has_buf, lr, momentum, wd, out.data(),
               momentum != 0 ? out_buf.data() : (float*) nullptr);
        for (int i = 0; i < n; i++) {
            float gi = wd != 0 ? g[i] + p[i] * wd : g[i];
            if (momentum != 0) {
                gi = has_buf ? buf[i] * momentum + gi : gi;
                CHECK(same_bits(out_buf[i], gi), "sgd variant %d momentum buffer %d", variant, i);
            }
            CHECK(same_bits(out[i], p[i] - gi * lr), "sgd variant %d parameter %d", variant, i);
        }
    }
    for (int variant = 0; variant < 6; variant++) {
        bool has_state = variant & 1;
        float wd = variant >= 2 ? 0.1f : 0.0f;
        bool decoupled = variant >= 4;
        float beta1 = 0.9f, omb1 = (float) (1 - 0.9), beta2 = 0.999f, omb2 = (float) (1 - 0.999);
        float decay = 1 - 0.01f * wd, bc2 = 0.3f, eps = 1e-8f, step = 0.02f;
        std::vector<float> op(n), om(n), ov(n);
        launch(adam_f32, dim3{2, 1, 1}, 8, n, (const float*) p.data(), (const float*) g.data(),
               (const float*) (has_state ? m.data() : nullptr), (int) has_state,
               (const float*) (has_state ? v.data() : nullptr), (int) has_state, beta1, omb1, beta2, omb2, wd,
               (int) decoupled, decay, bc2, eps, step, op.data(), om.data(), ov.data());
        for (int i = 0; i < n; i++) {
            float pi = p[i], gi = g[i];
            if (wd != 0) {
                if (decoupled) pi = pi * decay;
                else gi = gi + pi * wd;
            }
            float mi = has_state ? m[i] * beta1 + gi * omb1 : gi * omb1;
            float gg = gi * gi * omb2;
            float vi = has_state ? v[i] * beta2 + gg : gg;
            float denom = std::sqrt(vi) / bc2 + eps;
            CHECK(same_bits(om[i], mi) && same_bits(ov[i], vi), "adam variant %d moments %d", variant, i);
            CHECK(same_bits(op[i], pi - mi / denom * step), "adam variant %d parameter %d", variant, i);
        }
    }
}

int main() {
    test_optimizers();
    test_elementwise();
    test_reduce();
    test_gemm();
    std::printf("%d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
