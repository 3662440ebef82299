package org.ganlab.autograd;

import org.ganlab.tensor.Tensor;

/**
 * The record of how a tensor was made: the operation's name, its inputs, and its backward rule.
 * {@code versions} are the inputs' versions when the node was made; the backward pass refuses to
 * run if an input was assigned a new value since (PyTorch's "modified by an inplace operation").
 */
public record Node(String op, Tensor[] inputs, int[] versions, BackwardFunction backward) {

    public static Node of(String op, BackwardFunction backward, Tensor... inputs) {
        int[] versions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            versions[i] = inputs[i].version();
        }
        return new Node(op, inputs, versions, backward);
    }

    void checkVersions() {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].version() != versions[i]) {
                throw new IllegalStateException(op + ": input " + i + " " + inputs[i].shapeString()
                        + " needed for backward was assigned a new value after the forward pass");
            }
        }
    }
}
