package org.ganlab.testing;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BinaryOp;
import org.ganlab.backend.Buffer;
import org.ganlab.backend.ConvGeometry;
import org.ganlab.backend.ReduceOp;
import org.ganlab.backend.UnaryOp;
import org.ganlab.backend.View;

/**
 * The plainest possible backend: every kernel walks the output index by index, finds each input
 * element by its strides, and computes in double. It is the oracle of the conformance suite and
 * the backend gan-core's own tests run on; speed is no concern.
 */
public final class ReferenceBackend implements Backend {

    static final class RefBuffer implements Buffer {
        private final float[] storage;
        private boolean closed;

        RefBuffer(float[] data) {
            this.storage = data;
        }

        /** Refuses a closed buffer, as real backends do. */
        float[] data() {
            if (closed) {
                throw new IllegalStateException("reference: buffer of " + storage.length + " floats used after close()");
            }
            return storage;
        }

        @Override
        public int size() {
            return storage.length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Buffer allocate(int size) {
        return new RefBuffer(new float[size]);
    }

    @Override
    public Buffer upload(float[] data) {
        return new RefBuffer(data.clone());
    }

    @Override
    public float[] download(Buffer buffer) {
        return ((RefBuffer) buffer).data().clone();
    }

    /** The storage position of the row-major element {@code flat} of a view. */
    static int position(View v, int flat) {
        int pos = v.offset();
        for (int d = v.rank() - 1; d >= 0; d--) {
            int extent = v.shape()[d];
            pos += (flat % extent) * v.strides()[d];
            flat /= extent;
        }
        return pos;
    }

    static float read(View v, int flat) {
        return ((RefBuffer) v.buffer()).data()[position(v, flat)];
    }

    @Override
    public void unary(UnaryOp op, View src, Buffer out) {
        float[] o = ((RefBuffer) out).data();
        for (int i = 0; i < o.length; i++) {
            double x = read(src, i);
            o[i] = (float) switch (op) {
                case COPY -> x;
                case NEG -> -x;
                case EXP -> Math.exp(x);
                case LOG -> Math.log(x);
                case SQRT -> Math.sqrt(x);
                case ABS -> Math.abs(x);
                case SIGN -> Math.signum(x);
                case SIGMOID -> 1 / (1 + Math.exp(-x));
                case TANH -> Math.tanh(x);
            };
        }
    }

    @Override
    public void binary(BinaryOp op, View a, View b, Buffer out) {
        float[] o = ((RefBuffer) out).data();
        for (int i = 0; i < o.length; i++) {
            o[i] = apply(op, read(a, i), read(b, i));
        }
    }

    @Override
    public void binary(BinaryOp op, View a, float scalar, Buffer out) {
        float[] o = ((RefBuffer) out).data();
        for (int i = 0; i < o.length; i++) {
            o[i] = apply(op, read(a, i), scalar);
        }
    }

    static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) Math.pow(x, y);
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case LT -> x < y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case EQ -> x == y ? 1 : 0;
        };
    }

    @Override
    public void reduce(ReduceOp op, View src, int[] outShape, Buffer out) {
        float[] o = ((RefBuffer) out).data();
        double[] acc = new double[o.length];
        java.util.Arrays.fill(acc, op == ReduceOp.SUM ? 0 : Double.NEGATIVE_INFINITY);
        int n = src.size();
        for (int i = 0; i < n; i++) {
            int target = 0;
            int flat = i;
            int scale = 1;
            for (int d = src.rank() - 1; d >= 0; d--) {
                int index = flat % src.shape()[d];
                flat /= src.shape()[d];
                if (outShape[d] != 1) {
                    target += index * scale;
                }
                scale *= outShape[d];
            }
            double x = read(src, i);
            acc[target] = op == ReduceOp.SUM ? acc[target] + x : Math.max(acc[target], x);
        }
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) acc[i];
        }
    }

    @Override
    public void matmul(View a, View b, Buffer out) {
        float[] o = ((RefBuffer) out).data();
        int rank = a.rank();
        int m = a.shape()[rank - 2];
        int k = a.shape()[rank - 1];
        int n = b.shape()[rank - 1];
        for (int flat = 0; flat < o.length; flat++) {
            int batch = flat / (m * n);
            int i = flat / n % m;
            int j = flat % n;
            double s = 0;
            for (int p = 0; p < k; p++) {
                s += (double) read(a, (batch * m + i) * k + p) * read(b, (batch * k + p) * n + j);
            }
            o[flat] = (float) s;
        }
    }

    // The convolutions in the order Backend's contract spells out, element by element (slow and plain).

    @Override
    public void conv2d(View x, View w, ConvGeometry g, Buffer out) {
        float[] o = ((RefBuffer) out).data();
        int oh = g.outH();
        int ow = g.outW();
        int flat = 0;
        for (int n = 0; n < g.batch(); n++) {
            for (int oc = 0; oc < g.outChannels(); oc++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        float acc = 0f;
                        for (int c = 0; c < g.inChannels(); c++) {
                            for (int i = 0; i < g.kernelH(); i++) {
                                for (int j = 0; j < g.kernelW(); j++) {
                                    acc = Math.fma(input(x, g, n, c, p * g.strideH() - g.padH() + i, q * g.strideW() - g.padW() + j),
                                            read(w, ((oc * g.inChannels() + c) * g.kernelH() + i) * g.kernelW() + j), acc);
                                }
                            }
                        }
                        o[flat++] = acc;
                    }
                }
            }
        }
    }

    @Override
    public void conv2dInputGrad(View dy, View w, ConvGeometry g, Buffer dx) {
        float[] o = ((RefBuffer) dx).data();
        int oh = g.outH();
        int ow = g.outW();
        int flat = 0;
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.inChannels(); c++) {
                for (int h = 0; h < g.height(); h++) {
                    for (int v = 0; v < g.width(); v++) {
                        float sum = 0f;
                        for (int i = 0; i < g.kernelH(); i++) {
                            for (int j = 0; j < g.kernelW(); j++) {
                                int ph = h + g.padH() - i;
                                int pw = v + g.padW() - j;
                                if (ph < 0 || pw < 0 || ph % g.strideH() != 0 || pw % g.strideW() != 0
                                        || ph / g.strideH() >= oh || pw / g.strideW() >= ow) {
                                    continue;
                                }
                                int p = ph / g.strideH();
                                int q = pw / g.strideW();
                                float tap = 0f;
                                for (int oc = 0; oc < g.outChannels(); oc++) {
                                    tap = Math.fma(read(dy, ((n * g.outChannels() + oc) * oh + p) * ow + q),
                                            read(w, ((oc * g.inChannels() + c) * g.kernelH() + i) * g.kernelW() + j), tap);
                                }
                                sum += tap;
                            }
                        }
                        o[flat++] = sum;
                    }
                }
            }
        }
    }

    @Override
    public void conv2dWeightGrad(View x, View dy, ConvGeometry g, Buffer dw) {
        float[] o = ((RefBuffer) dw).data();
        int oh = g.outH();
        int ow = g.outW();
        int flat = 0;
        for (int oc = 0; oc < g.outChannels(); oc++) {
            for (int c = 0; c < g.inChannels(); c++) {
                for (int i = 0; i < g.kernelH(); i++) {
                    for (int j = 0; j < g.kernelW(); j++) {
                        float sum = 0f;
                        for (int n = 0; n < g.batch(); n++) {
                            float chain = 0f;
                            for (int p = 0; p < oh; p++) {
                                for (int q = 0; q < ow; q++) {
                                    chain = Math.fma(read(dy, ((n * g.outChannels() + oc) * oh + p) * ow + q),
                                            input(x, g, n, c, p * g.strideH() - g.padH() + i, q * g.strideW() - g.padW() + j),
                                            chain);
                                }
                            }
                            sum += chain;
                        }
                        o[flat++] = sum;
                    }
                }
            }
        }
    }

    /** x[n][c][h][v], zero in the padding. */
    private static float input(View x, ConvGeometry g, int n, int c, int h, int v) {
        if (h < 0 || v < 0 || h >= g.height() || v >= g.width()) {
            return 0f;
        }
        return read(x, ((n * g.inChannels() + c) * g.height() + h) * g.width() + v);
    }
}
