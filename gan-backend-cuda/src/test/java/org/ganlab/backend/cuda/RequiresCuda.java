package org.ganlab.backend.cuda;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where a CUDA device is usable; elsewhere it is skipped with the probe's
 * reason. With {@code -Dgan.cuda.required=true} (gpu-test.sh sets it) the class runs anyway, so a GPU
 * host whose driver does not load fails loudly instead of skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresCuda.Condition.class)
@interface RequiresCuda {

    String REQUIRED_PROPERTY = "gan.cuda.required";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            CudaDriver.Probe probe = CudaDriver.probe();
            if (probe.available()) {
                return ConditionEvaluationResult.enabled("CUDA device " + probe.ordinal() + ": " + probe.deviceName());
            }
            if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
                return ConditionEvaluationResult.enabled("-D" + REQUIRED_PROPERTY + "=true, though: "
                        + probe.unavailableReason());
            }
            return ConditionEvaluationResult.disabled("no CUDA GPU: " + probe.unavailableReason());
        }
    }
}
