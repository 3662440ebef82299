package org.ganlab.backend.cuda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every kernel of src/main/cuda with the C types of its parameters, as its .cu file declares them
 * (KernelSourcesTest compares the two). Each launch's arguments are checked against this before they
 * reach a device, so a wrong count, order or kind fails with a message instead of corrupting memory.
 */
final class Kernels {

    private static final String VIEW = "ViewDesc";
    private static final String IN = "const float*";
    private static final String OUT = "float*";

    /** A kernel of one fatbin (named after its .cu file). */
    record Kernel(String file, String name, String... parameters) {
    }

    static final List<Kernel> ALL = List.of(
            new Kernel("elementwise", "unary_f32", "int", "int", VIEW, IN, OUT),
            new Kernel("elementwise", "binary_f32", "int", "int", VIEW, IN, VIEW, IN, OUT),
            new Kernel("elementwise", "binary_scalar_f32", "int", "int", VIEW, IN, "float", OUT),
            new Kernel("reduce", "reduce_serial_f32", "int", "int", "int", VIEW, IN, OUT),
            new Kernel("reduce", "reduce_chunks_f32", "int", "int", "int", "int", VIEW, IN, "double*"),
            new Kernel("reduce", "reduce_finish_f32", "int", "int", "int", "const double*", OUT),
            new Kernel("optimizer", "sgd_f32", "int", IN, IN, IN, "int", "float", "float", "float", OUT, OUT),
            new Kernel("optimizer", "adam_f32", "int", IN, IN, IN, "int", IN, "int", "float", "float", "float",
                    "float", "float", "int", "float", "float", "float", "float", OUT, OUT, OUT),
            new Kernel("sgemm", "gemm_tiled_nn", "GemmArgs", IN, IN, OUT),
            new Kernel("sgemm", "gemm_tiled_nt", "GemmArgs", IN, IN, OUT),
            new Kernel("sgemm", "gemm_tiled_tn", "GemmArgs", IN, IN, OUT),
            new Kernel("sgemm", "gemm_tiled_tt", "GemmArgs", IN, IN, OUT),
            new Kernel("sgemm", "gemm_small", "GemmArgs", IN, IN, OUT),
            new Kernel("conv", "conv2d_f32", "ConvArgs", IN, IN, OUT),
            new Kernel("conv", "conv2d_input_grad_f32", "ConvArgs", IN, IN, OUT),
            new Kernel("conv", "conv2d_weight_grad_f32", "ConvArgs", IN, IN, OUT));

    /** Ints in each struct a kernel takes by value. */
    static final Map<String, Integer> STRUCT_INTS = Map.of(VIEW, CudaViews.DESC_INTS, "GemmArgs", GemmPlan.ARGS,
            "ConvArgs", CudaBackend.CONV_ARGS);

    private Kernels() {
    }

    static Kernel named(String name) {
        for (Kernel k : ALL) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("cuda: no kernel named " + name);
    }

    // Looked up once, for the launches.
    static final Kernel UNARY = named("unary_f32");
    static final Kernel BINARY = named("binary_f32");
    static final Kernel BINARY_SCALAR = named("binary_scalar_f32");
    static final Kernel REDUCE_SERIAL = named("reduce_serial_f32");
    static final Kernel REDUCE_CHUNKS = named("reduce_chunks_f32");
    static final Kernel REDUCE_FINISH = named("reduce_finish_f32");
    static final Kernel SGD = named("sgd_f32");
    static final Kernel ADAM = named("adam_f32");
    static final Kernel CONV = named("conv2d_f32");
    static final Kernel CONV_INPUT_GRAD = named("conv2d_input_grad_f32");
    static final Kernel CONV_WEIGHT_GRAD = named("conv2d_weight_grad_f32");

    /** The .cu files (and fatbins) with their kernels, in a fixed order. */
    static Map<String, List<Kernel>> byFile() {
        Map<String, List<Kernel>> files = new LinkedHashMap<>();
        for (Kernel k : ALL) {
            files.computeIfAbsent(k.file(), f -> new java.util.ArrayList<>()).add(k);
        }
        return files;
    }
}
