package org.ganlab.backend;

/** Reductions over axes. Backends must sum in a fixed order (no atomics) so results reproduce. */
public enum ReduceOp {
    SUM, MAX
}
