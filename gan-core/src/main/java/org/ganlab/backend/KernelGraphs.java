package org.ganlab.backend;

/**
 * Optional: a backend whose kernels can be recorded once as a graph and then launched together, as
 * one launch (CUDA graphs; found with {@link Backend#capability}). A captured step's replay records
 * each run of its kernel calls between host work (random draws, Adam's per-step constants) as a
 * graph at its first replay, and launches the graphs from then on.
 */
public interface KernelGraphs {

    /** Recorded kernels, launched as one; closing frees the graph and what it kept. */
    interface Graph extends AutoCloseable {

        /** Queues the recorded kernels, with the buffers and constants they were recorded with. */
        void launch();

        @Override
        void close();
    }

    /**
     * The kernels {@code calls} queues, recorded as a graph and not run. Buffers the calls allocate
     * for themselves are kept by the graph until it closes; {@code calls} must not copy to or from
     * the host.
     */
    Graph record(Runnable calls);
}
