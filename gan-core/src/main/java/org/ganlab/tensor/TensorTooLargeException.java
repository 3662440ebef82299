package org.ganlab.tensor;

/** A tensor asked for more elements than one tensor can hold (or the memory there is); the message gives the size. */
public final class TensorTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TensorTooLargeException(String message) {
        super(message);
    }
}
