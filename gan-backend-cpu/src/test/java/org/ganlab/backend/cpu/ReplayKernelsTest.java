package org.ganlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;
import org.junit.jupiter.api.Test;

/**
 * The prepared calls a captured step replays give the generic kernels' bits, for every unary and
 * binary op, at lengths on both sides of the vector loops' thresholds, and read their operands
 * when they run (a broadcast scalar that changes between replays).
 */
class ReplayKernelsTest {

    private final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(3);

    private Buffer values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * 2);
        }
        v[0] = 0f;
        if (n > 2) {
            v[1] = -0f;
            v[2] = Float.NaN;
        }
        return cpu.upload(v);
    }

    private static int[] bits(float[] v) {
        return org.ganlab.testing.Bits.of(v);
    }

    @Test
    void preparedCallsGiveTheGenericKernelsBits() {
        for (int n : new int[] {1, 7, 32, 300, 5000}) {
            View a = View.contiguous(values(n), n);
            View b = View.contiguous(values(n), n);
            for (UnaryOp op : UnaryOp.values()) {
                Buffer generic = cpu.allocate(n);
                Buffer prepared = cpu.allocate(n);
                cpu.unary(op, a, generic);
                Runnable call = cpu.prepareUnary(op, a, prepared);
                assertNotNull(call, op.name());
                call.run();
                assertArrayEquals(bits(cpu.download(generic)), bits(cpu.download(prepared)), op + " at " + n);
            }
            for (BinaryOp op : BinaryOp.values()) {
                Buffer generic = cpu.allocate(n);
                Buffer prepared = cpu.allocate(n);
                cpu.binary(op, a, b, generic);
                Runnable call = cpu.prepareBinary(op, a, b, prepared);
                assertNotNull(call, op.name());
                call.run();
                assertArrayEquals(bits(cpu.download(generic)), bits(cpu.download(prepared)), op + " at " + n);
                cpu.binary(op, a, 0.75f, generic);
                cpu.prepareScalar(op, a, 0.75f, prepared).run();
                assertArrayEquals(bits(cpu.download(generic)), bits(cpu.download(prepared)), op + " scalar at " + n);
            }
            Buffer generic = cpu.allocate(1);
            Buffer prepared = cpu.allocate(1);
            cpu.reduce(ReduceOp.SUM, b, new int[] {1}, generic);
            cpu.prepareReduce(ReduceOp.SUM, b, new int[] {1}, prepared).run();
            assertArrayEquals(bits(cpu.download(generic)), bits(cpu.download(prepared)), "sum at " + n);
        }
    }

    @Test
    void aBroadcastScalarIsReadWhenTheCallRuns() {
        View a = View.contiguous(values(8), 2, 4);
        Buffer scalar = cpu.upload(new float[] {2f});
        View s = new View(scalar, new int[] {2, 4}, new int[] {0, 0}, 0);
        Buffer out = cpu.allocate(8);
        Runnable call = cpu.prepareBinary(BinaryOp.MUL, a, s, out);
        cpu.write(scalar, new float[] {3f});
        call.run();
        Buffer expected = cpu.allocate(8);
        cpu.binary(BinaryOp.MUL, a, 3f, expected);
        assertArrayEquals(bits(cpu.download(expected)), bits(cpu.download(out)));
    }

    @Test
    void stridedOrBroadcastOperandsAreLeftToTheGenericKernels() {
        Buffer m = values(6);
        View transposed = new View(m, new int[] {3, 2}, new int[] {1, 3}, 0);
        assertNull(cpu.prepareUnary(UnaryOp.NEG, transposed, cpu.allocate(6)));
        View row = new View(values(3), new int[] {2, 3}, new int[] {0, 1}, 0);
        assertNull(cpu.prepareBinary(BinaryOp.ADD, View.contiguous(m, 2, 3), row, cpu.allocate(6)));
        assertNull(cpu.prepareReduce(ReduceOp.SUM, View.contiguous(m, 2, 3), new int[] {1, 3}, cpu.allocate(3)));
    }
}
