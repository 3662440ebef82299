package org.ganlab.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ganlab.autograd.Autograd;
import org.ganlab.backend.Backends;
import org.ganlab.tensor.Convolutions;
import org.ganlab.tensor.MemoryScope;
import org.ganlab.tensor.Rng;
import org.ganlab.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The convolutions of a DCGAN at 28×28, batch 64, 4×4 kernels, stride 2, padding 1, no bias
 * ({@code bench/pytorch_reference.py} times the same in PyTorch):
 * <ul>
 *   <li>{@code conv1}: 1×28×28 → 64×14×14 (D's first layer); {@code conv2}: 64×14×14 → 128×7×7;</li>
 *   <li>{@code convT2}: 128×7×7 → 64×14×14 (G's mirror of conv2); {@code convT1}: 64×14×14 → 1×28×28.</li>
 * </ul>
 * {@code forward} is the layer's output; {@code backward} its forward and then the gradients of
 * {@code sum(y · dy)} with respect to the input and the weight, as one autograd call (PyTorch's
 * {@code torch.autograd.grad(y, (x, w), dy)}).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvBench extends BackendBench {

    static final int BATCH = 64;

    @Param({"conv1", "conv2", "convT2", "convT1"})
    public String shape;

    @Param({"forward", "backward"})
    public String pass;

    /** 1: one thread (gan.cpu.threads=1); all: every core. */
    @Param({"1", "all"})
    public String threads;

    private Tensor x;
    private Tensor w;
    private Tensor dy;
    private boolean transposed;

    @Setup
    public void setup() {
        useThreads(threads);
        selectBackend();
        Rng rng = new Rng(2);
        // input channels and side, output channels and side
        int[] s = switch (shape) {
            case "conv1" -> new int[] {1, 28, 64, 14};
            case "conv2" -> new int[] {64, 14, 128, 7};
            case "convT2" -> new int[] {128, 7, 64, 14};
            case "convT1" -> new int[] {64, 14, 1, 28};
            default -> throw new IllegalArgumentException(shape);
        };
        transposed = shape.startsWith("convT");
        x = random(rng, BATCH, s[0], s[1], s[1]).requiresGrad(true);
        // conv2d's weight is [out, in, 4, 4], conv_transpose2d's [in, out, 4, 4], as in PyTorch.
        w = (transposed ? random(rng, s[0], s[2], 4, 4) : random(rng, s[2], s[0], 4, 4)).mul(0.05f).requiresGrad(true);
        dy = random(rng, BATCH, s[2], s[3], s[3]);
    }

    private Tensor layer() {
        return transposed ? Convolutions.convTranspose2d(x, w, 2, 2, 1, 1, 0, 0) : Convolutions.conv2d(x, w, 2, 2, 1, 1);
    }

    @Benchmark
    public float convolution() {
        try (var scope = Backends.use(on); var memory = MemoryScope.open()) {
            Tensor y = layer();
            float probe;
            if (pass.equals("forward")) {
                on.synchronize();
                probe = y.size();
            } else {
                List<Tensor> grads = Autograd.grad(List.of(y), List.of(x, w), List.of(dy), false);
                on.synchronize();
                probe = grads.get(1).size();
            }
            return probe;
        }
    }
}
