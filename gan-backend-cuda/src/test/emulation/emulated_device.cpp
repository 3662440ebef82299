// The JNI side of EmulatedDevice (src/test/java): device memory is host memory, and a launch runs the
// real kernel sources under cuda_emulation.h, synchronously. Arguments arrive sorted by kind (ints,
// floats, addresses, struct words); each kernel's parameter types, deduced from its declaration, say
// which kind to take next, so no kernel needs a hand-written adapter.
#include <jni.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <type_traits>

#include "cuda_emulation.h"
#include "elementwise.cu"
#include "optimizer.cu"
#include "reduce.cu"
#include "sgemm.cu"
#include "conv.cu"

namespace {

struct Args {
    const jint* ints;
    const jfloat* floats;
    const jlong* pointers;
    const jint* words;
    int ni = 0, nf = 0, np = 0, nw = 0;
};

template <typename T>
T take(Args& a) {
    if constexpr (std::is_pointer_v<T>) {
        return reinterpret_cast<T>(a.pointers[a.np++]);
    } else if constexpr (std::is_same_v<T, int>) {
        return a.ints[a.ni++];
    } else if constexpr (std::is_same_v<T, float>) {
        return a.floats[a.nf++];
    } else {  // a struct of ints passed by value
        T value;
        std::memcpy(&value, a.words + a.nw, sizeof(T));
        a.nw += sizeof(T) / sizeof(int);
        return value;
    }
}

using Runner = void (*)(dim3, unsigned, Args&);

template <auto Kernel, bool Barriers, typename... P>
void run_with(void (*)(P...), dim3 grid, unsigned threads, Args& a) {
    std::tuple<P...> values{take<P>(a)...};  // braced initialisation evaluates left to right
    std::apply([&](auto... v) {
        if constexpr (Barriers) launch(Kernel, grid, threads, v...);
        else launch_serial(Kernel, grid, threads, v...);
    }, values);
}

template <auto Kernel, bool Barriers>
void run(dim3 grid, unsigned threads, Args& a) {
    run_with<Kernel, Barriers>(Kernel, grid, threads, a);
}

const std::map<std::string, Runner> kernels = {
    {"unary_f32", run<unary_f32, false>},
    {"binary_f32", run<binary_f32, false>},
    {"binary_scalar_f32", run<binary_scalar_f32, false>},
    {"reduce_serial_f32", run<reduce_serial_f32, false>},
    {"reduce_chunks_f32", run<reduce_chunks_f32, true>},
    {"reduce_finish_f32", run<reduce_finish_f32, false>},
    {"sgd_f32", run<sgd_f32, false>},
    {"adam_f32", run<adam_f32, false>},
    {"gemm_tiled_nn", run<gemm_tiled_nn, true>},
    {"gemm_tiled_nt", run<gemm_tiled_nt, true>},
    {"gemm_tiled_tn", run<gemm_tiled_tn, true>},
    {"gemm_tiled_tt", run<gemm_tiled_tt, true>},
    {"gemm_small", run<gemm_small, false>},
    {"conv2d_f32", run<conv2d_f32, false>},
    {"conv2d_input_grad_f32", run<conv2d_input_grad_f32, false>},
    {"conv2d_weight_grad_f32", run<conv2d_weight_grad_f32, false>},
};

std::mutex one_stream;  // launches run one at a time, as on one stream (and gridDim is global)

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_org_ganlab_backend_cuda_EmulatedDevice_allocate0(JNIEnv*, jclass, jlong bytes) {
    return reinterpret_cast<jlong>(std::aligned_alloc(256, (bytes + 255) / 256 * 256));
}

JNIEXPORT void JNICALL Java_org_ganlab_backend_cuda_EmulatedDevice_free0(JNIEnv*, jclass, jlong address) {
    std::free(reinterpret_cast<void*>(address));
}

JNIEXPORT void JNICALL Java_org_ganlab_backend_cuda_EmulatedDevice_upload0(JNIEnv* env, jclass, jlong address,
        jfloatArray data) {
    std::lock_guard<std::mutex> lock(one_stream);
    env->GetFloatArrayRegion(data, 0, env->GetArrayLength(data), reinterpret_cast<jfloat*>(address));
}

JNIEXPORT void JNICALL Java_org_ganlab_backend_cuda_EmulatedDevice_download0(JNIEnv* env, jclass, jlong address,
        jfloatArray out) {
    std::lock_guard<std::mutex> lock(one_stream);
    env->SetFloatArrayRegion(out, 0, env->GetArrayLength(out), reinterpret_cast<const jfloat*>(address));
}

// Returns false for an unknown kernel.
JNIEXPORT jboolean JNICALL Java_org_ganlab_backend_cuda_EmulatedDevice_launch0(JNIEnv* env, jclass, jstring name,
        jint gx, jint gy, jint gz, jint threads, jintArray ints, jfloatArray floats, jlongArray pointers,
        jintArray words) {
    const char* chars = env->GetStringUTFChars(name, nullptr);
    auto found = kernels.find(chars);
    env->ReleaseStringUTFChars(name, chars);
    if (found == kernels.end()) {
        return JNI_FALSE;
    }
    jint* i = env->GetIntArrayElements(ints, nullptr);
    jfloat* f = env->GetFloatArrayElements(floats, nullptr);
    jlong* p = env->GetLongArrayElements(pointers, nullptr);
    jint* w = env->GetIntArrayElements(words, nullptr);
    {
        std::lock_guard<std::mutex> lock(one_stream);
        Args args{i, f, p, w};
        found->second(dim3{(unsigned) gx, (unsigned) gy, (unsigned) gz}, (unsigned) threads, args);
    }
    env->ReleaseIntArrayElements(words, w, JNI_ABORT);
    env->ReleaseLongArrayElements(pointers, p, JNI_ABORT);
    env->ReleaseFloatArrayElements(floats, f, JNI_ABORT);
    env->ReleaseIntArrayElements(ints, i, JNI_ABORT);
    return JNI_TRUE;
}

}  // extern "C"
