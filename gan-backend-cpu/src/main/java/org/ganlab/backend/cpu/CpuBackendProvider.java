package org.ganlab.backend.cpu;

import org.ganlab.backend.Backend;
import org.ganlab.backend.BackendProvider;

/** Registers the pure-Java backend; it runs everywhere, so it is the fallback default. */
public final class CpuBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** Said once per process: a JVM without the Vector API module silently takes the scalar loops otherwise. */
    static final String SCALAR_WARNING = "gan-lab: the cpu backend runs without the Vector API, several times slower "
            + "on matrix products; start Java with --add-modules jdk.incubator.vector (./gan does)";
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public Backend create() {
        if (!Matmul.VECTOR && !"false".equals(System.getProperty("gan.cpu.vector")) && !WARNED.getAndSet(true)) {
            System.err.println(SCALAR_WARNING);
        }
        return new CpuBackend();
    }
}
