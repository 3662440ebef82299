package org.ganlab.backend;

/**
 * Elementwise primitives of two inputs. Comparisons yield masks: 1.0 where true, 0.0 where false.
 * POW is {@code Math.pow} semantics in float32.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, LT, GT, EQ
}
