package org.ganlab.backend.cpu;

import org.ganlab.backend.Buffer;

/** A Java float array; the garbage collector frees it. */
final class CpuBuffer implements Buffer {

    final float[] data;

    CpuBuffer(float[] data) {
        this.data = data;
    }

    @Override
    public int size() {
        return data.length;
    }
}
