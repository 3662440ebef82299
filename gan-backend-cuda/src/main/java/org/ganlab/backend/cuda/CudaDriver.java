package org.ganlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, once per process, whether the CUDA driver loads and a device is there. Loading JCuda's
 * native library needs {@code libcuda.so.1}; on a machine without a driver that fails, and the backend
 * reports itself unavailable with the reason instead of failing.
 */
final class CudaDriver {

    /** Which device to use when there are several (default 0). */
    static final String DEVICE_PROPERTY = "gan.cuda.device";

    private static final Logger LOG = LoggerFactory.getLogger(CudaDriver.class);
    private static Probe probe;

    /** The probe's outcome: a device, or why there is none. */
    record Probe(CUdevice device, int ordinal, String deviceName, String unavailableReason) {
        boolean available() {
            return device != null;
        }
    }

    private CudaDriver() {
    }

    static synchronized Probe probe() {
        if (probe == null) {
            probe = run();
            if (probe.available()) {
                LOG.debug("cuda: device {} ({})", probe.ordinal(), probe.deviceName());
            } else {
                LOG.info("cuda backend unavailable: {}", probe.unavailableReason());
            }
        }
        return probe;
    }

    private static Probe run() {
        int ordinal;
        try {
            ordinal = Integer.parseInt(System.getProperty(DEVICE_PROPERTY, "0").trim());
        } catch (NumberFormatException e) {
            return unavailable("-D" + DEVICE_PROPERTY + " must be a device number, not '"
                    + System.getProperty(DEVICE_PROPERTY) + "'");
        }
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int result = cuInit(0);
            if (result != CUresult.CUDA_SUCCESS) {
                return unavailable("cuInit returned " + CUresult.stringFor(result)
                        + (result == CUresult.CUDA_ERROR_NO_DEVICE ? " (no CUDA device)" : ""));
            }
            int[] count = new int[1];
            CudaException.check("count devices", cuDeviceGetCount(count));
            if (count[0] == 0) {
                return unavailable("the CUDA driver found no device");
            }
            if (ordinal < 0 || ordinal >= count[0]) {
                return unavailable("-D" + DEVICE_PROPERTY + "=" + ordinal + " but there are " + count[0]
                        + " devices (0.." + (count[0] - 1) + ")");
            }
            CUdevice device = new CUdevice();
            CudaException.check("get device " + ordinal, cuDeviceGet(device, ordinal));
            byte[] name = new byte[256];
            CudaException.check("get device name", cuDeviceGetName(name, name.length, device));
            int end = 0;
            while (end < name.length && name[end] != 0) {
                end++;
            }
            return new Probe(device, ordinal, new String(name, 0, end, StandardCharsets.UTF_8), "");
        } catch (LinkageError | CudaException | SecurityException e) {
            // UnsatisfiedLinkError (no libcuda.so.1) and NoClassDefFoundError (a failed earlier load) land here.
            return unavailable(loadFailure(String.valueOf(e.getMessage()), e.getClass().getSimpleName()));
        }
    }

    /**
     * JCuda's message is a page of nested stack traces; the line that matters says which shared library
     * the dynamic linker could not open (libcuda.so.1 where no NVIDIA driver is installed).
     */
    static String loadFailure(String message, String errorType) {
        Matcher missing = Pattern.compile("([\\w.+-]+\\.so[\\w.]*): cannot open shared object file").matcher(message);
        if (missing.find()) {
            return "no NVIDIA driver here (" + missing.group(1) + " not found)";
        }
        return "the CUDA driver library could not be loaded (" + errorType + ": "
                + message.lines().findFirst().orElse("") + ")";
    }

    private static Probe unavailable(String reason) {
        return new Probe(null, -1, "", reason);
    }
}
