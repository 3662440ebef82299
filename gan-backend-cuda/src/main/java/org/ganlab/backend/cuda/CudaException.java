package org.ganlab.backend.cuda;

import java.util.function.Supplier;
import jcuda.driver.CUresult;

/** A CUDA driver call failed; the message names the backend operation and CUDA's error name. */
public final class CudaException extends RuntimeException {

    private final int result;

    CudaException(String operation, int result) {
        super("cuda: " + operation + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
        this.result = result;
    }

    /** CUDA's {@code CUresult} code. */
    public int result() {
        return result;
    }

    /** Throws unless {@code result} is {@code CUDA_SUCCESS}. */
    static void check(String operation, int result) {
        check(() -> operation, result);
    }

    /** As {@link #check(String, int)}, building the message only on failure (for calls on every step). */
    static void check(Supplier<String> operation, int result) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(operation.get(), result);
        }
    }
}
