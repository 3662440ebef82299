package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;
import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * The same kernels in a JVM without the Vector API module (scalar loops only) give the bits this
 * JVM's vector loops give: a child process runs {@link #main} and prints one checksum per kernel.
 */
class VectorFreeTest {

    /** One checksum of the raw bits per kernel, over arrays long enough for every vector path. */
    static String checksums() {
        CpuBackend cpu = new CpuBackend();
        Rng rng = new Rng(21);
        int n = 5003;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-30, 30);
            y[i] = rng.uniform(-2, 2);
        }
        x[7] = Float.NaN;
        x[8] = -0f;
        View a = View.contiguous(cpu.upload(x), n);
        View b = View.contiguous(cpu.upload(y), n);
        StringBuilder out = new StringBuilder();
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.SIGMOID}) {
            Buffer o = cpu.allocate(n);
            cpu.unary(op, a, o);
            out.append(op).append('=').append(hash(cpu.download(o))).append(' ');
        }
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            Buffer o = cpu.allocate(n);
            cpu.binary(op, a, b, o);
            Buffer oc = cpu.allocate(n);
            cpu.binary(op, a, 0.37f, oc);
            out.append(op).append('=').append(hash(cpu.download(o))).append('/').append(hash(cpu.download(oc))).append(' ');
        }
        Buffer r = cpu.allocate(n);
        Buffer f = cpu.allocate(n);
        cpu.rectify(a, 1f, 0.2f, r, f);
        out.append("RECTIFY=").append(hash(cpu.download(r))).append(' ');
        Buffer s = cpu.allocate(1);
        cpu.reduce(ReduceOp.SUM, b, new int[] {1}, s);
        out.append("SUM=").append(Float.floatToRawIntBits(cpu.download(s)[0])).append(' ');
        Buffer c = cpu.allocate(70 * 50);
        cpu.matmul(View.contiguous(cpu.upload(Arrays.copyOf(y, 70 * 60)), 70, 60), View.contiguous(cpu.upload(
                Arrays.copyOfRange(y, 1000, 1000 + 60 * 50)), 60, 50), c);
        out.append("MATMUL=").append(hash(cpu.download(c)));
        return out.toString();
    }

    private static int hash(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToRawIntBits(v[i]);
        }
        return Arrays.hashCode(bits);
    }

    public static void main(String[] args) {
        new CpuBackendProvider().create();
        new CpuBackendProvider().create();
        System.out.println((Matmul.VECTOR ? "vector " : "scalar ") + checksums());
    }

    @Test
    void scalarLoopsInAJvmWithoutTheModuleGiveTheVectorLoopsBits() throws IOException, InterruptedException {
        assertTrue(Matmul.VECTOR, "surefire starts the JVM with --add-modules jdk.incubator.vector");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), VectorFreeTest.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, child.waitFor(), output);
        assertFalse(output.contains("Exception"), output);
        assertEquals("scalar " + checksums(), output.lines().reduce((first, last) -> last).orElse(""));
        assertEquals(1, output.lines().filter(CpuBackendProvider.SCALAR_WARNING::equals).count(),
                "the slow path is said, once: " + output);
    }
}
