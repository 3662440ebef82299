package org.ganlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcuda.driver.CUresult;
import org.ganlab.backend.BackendProvider;
import org.ganlab.backend.Backends;
import org.ganlab.backend.UnknownBackendException;
import org.junit.jupiter.api.Test;

/** What a user sees of the jar on any machine, with or without a GPU. */
class CudaProviderTest {

    static BackendProvider provider() {
        return Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
    }

    @Test
    void theJarRegistersItselfThroughServiceLoader() {
        assertTrue(provider() instanceof CudaBackendProvider);
        assertTrue(provider().priority() < 10, "below the CPU backend: the GPU is chosen by name");
        assertEquals("cpu", Backends.getDefault().name());
    }

    @Test
    void withoutAGpuItIsUnavailableWithAReasonAndAskingForItSaysWhy() {
        BackendProvider cuda = provider();
        if (cuda.isAvailable()) {
            assertEquals("cuda", Backends.get("cuda").name());
            assertEquals("", cuda.unavailableReason());
            return;
        }
        assertFalse(cuda.unavailableReason().isBlank());
        UnknownBackendException e = assertThrows(UnknownBackendException.class, () -> Backends.get("cuda"));
        assertTrue(e.getMessage().contains("backend 'cuda' is not available here: " + cuda.unavailableReason()),
                e.getMessage());
        assertEquals(e.getMessage().indexOf(cuda.unavailableReason()), e.getMessage().lastIndexOf(cuda.unavailableReason()),
                "the reason once: " + e.getMessage());
        assertTrue(Backends.describeProviders().contains("cuda (unavailable: "), Backends.describeProviders());
        assertThrows(IllegalStateException.class, cuda::create);
    }

    @Test
    void aMissingDriverIsNamedNotDumped() {
        String jcudaMessage = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open "
                + "shared object file: No such file or directory\n\tat java.base/...";
        assertEquals("no NVIDIA driver here (libcuda.so.1 not found)",
                CudaDriver.loadFailure(jcudaMessage, "UnsatisfiedLinkError"));
        assertEquals("the CUDA driver library could not be loaded (UnsatisfiedLinkError: something else)",
                CudaDriver.loadFailure("something else\nmore", "UnsatisfiedLinkError"));
    }

    @Test
    void theProbeRunsOnce() {
        assertTrue(CudaDriver.probe() == CudaDriver.probe());
    }

    @Test
    void errorsNameTheOperationAndCudasErrorName() {
        CudaException e = new CudaException("matmul 1×[128×64]·[64×96] (kernel gemm_tiled_nn)",
                CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES);
        assertEquals("cuda: matmul 1×[128×64]·[64×96] (kernel gemm_tiled_nn) failed: CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES (701)",
                e.getMessage());
        assertThrows(CudaException.class, () -> CudaException.check("upload 4 floats", CUresult.CUDA_ERROR_ILLEGAL_ADDRESS));
        CudaException.check("nothing wrong", CUresult.CUDA_SUCCESS);
        // per-step calls build their message only when they fail
        CudaException.check(() -> { throw new AssertionError("message built on success"); }, CUresult.CUDA_SUCCESS);
        CudaException lazy = assertThrows(CudaException.class,
                () -> CudaException.check(() -> "download 3 floats", CUresult.CUDA_ERROR_ILLEGAL_ADDRESS));
        assertEquals("cuda: download 3 floats failed: CUDA_ERROR_ILLEGAL_ADDRESS (700)", lazy.getMessage());
    }
}
