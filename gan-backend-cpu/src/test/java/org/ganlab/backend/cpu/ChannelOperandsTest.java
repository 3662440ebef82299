package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.View;
import org.ganlab.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Batch norm's operands take their own paths on the cpu backend: a per-channel operand
 * {@code [1, C, 1, 1]} broadcast against {@code [N, C, H, W]} is read per block instead of expanded,
 * and sums over the trailing axes run four outputs at a time. Both must give the bits of the general
 * paths: the operand expanded into a contiguous copy, and a double sum per output in input order.
 */
class ChannelOperandsTest {

    private final Backend cpu = new CpuBackend();

    @Test
    void aPerChannelOperandGivesTheBitsOfItsExpandedCopy() {
        Rng rng = new Rng(3);
        int[] shape = {4, 3, 5, 6};
        int n = 4 * 3 * 5 * 6;
        View a = View.contiguous(cpu.upload(CpuBackendTest.random(rng, n)), shape);
        float[] channel = {0.75f, -1.5f, 3f};
        View perChannel = new View(cpu.upload(channel), shape, new int[] {0, 1, 0, 0}, 0);
        float[] expanded = new float[n];
        for (int i = 0; i < n; i++) {
            expanded[i] = channel[(i / 30) % 3];
        }
        View copy = View.contiguous(cpu.upload(expanded), shape);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            assertArrayEquals(binary(op, a, copy, n), binary(op, a, perChannel, n), op + " with the operand second");
        }
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.SUB}) {
            assertArrayEquals(binary(op, copy, a, n), binary(op, perChannel, a, n), op + " with the operand first");
        }
    }

    private float[] binary(BinaryOp op, View a, View b, int n) {
        Buffer out = cpu.allocate(n);
        cpu.binary(op, a, b, out);
        return cpu.download(out);
    }

    @Test
    void sumsOverTrailingAxesAreEachOutputsInOrderDoubleSum() {
        Rng rng = new Rng(4);
        // 3 channels: groups of four runs with distinct outputs; 2 channels: groups that share outputs
        for (int[] shape : new int[][] {{4, 3, 5, 6}, {5, 2, 4, 5}}) {
            int channels = shape[1];
            int run = shape[2] * shape[3];
            int n = shape[0] * channels * run;
            float[] x = CpuBackendTest.random(rng, n);
            double[] sums = new double[channels];
            for (int i = 0; i < n; i++) {
                sums[(i / run) % channels] += x[i];
            }
            float[] expected = new float[channels];
            for (int c = 0; c < channels; c++) {
                expected[c] = (float) sums[c];
            }
            Buffer out = cpu.allocate(channels);
            cpu.reduce(ReduceOp.SUM, View.contiguous(cpu.upload(x), shape), new int[] {1, channels, 1, 1}, out);
            assertArrayEquals(expected, cpu.download(out), java.util.Arrays.toString(shape));
        }
    }
}
