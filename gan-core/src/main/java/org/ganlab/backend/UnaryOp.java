package org.ganlab.backend;

/** Elementwise primitives of one input. {@link #COPY} materialises a strided view. */
public enum UnaryOp {
    COPY, NEG, EXP, LOG, SQRT, ABS, SIGN, SIGMOID, TANH
}
