package org.ganlab.experiments.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One condition an experiment's final results must meet for the run to count as a success, with the
 * threshold it compares against where it has one (a sweep's {@code --success NAME=VALUE} sets it).
 *
 * @param threshold the default threshold, or null for a condition without one
 */
public record SuccessCriterion(String name, Double threshold, Test test) {

    /** Whether results meet the condition at a threshold (NaN for a condition without one). */
    @FunctionalInterface
    public interface Test {
        boolean met(Map<String, Object> results, double threshold);
    }

    /** A condition with a threshold. */
    public static SuccessCriterion threshold(String name, double defaultThreshold, Test test) {
        return new SuccessCriterion(name, defaultThreshold, test);
    }

    /** A condition without a threshold. */
    public static SuccessCriterion condition(String name, Predicate<Map<String, Object>> test) {
        return new SuccessCriterion(name, null, (results, unused) -> test.test(results));
    }

    /** The criteria's default thresholds, by name, in order. */
    public static Map<String, Double> thresholds(List<SuccessCriterion> criteria) {
        Map<String, Double> t = new LinkedHashMap<>();
        criteria.stream().filter(c -> c.threshold() != null).forEach(c -> t.put(c.name(), c.threshold()));
        return t;
    }

    /** Whether results meet every criterion at these thresholds; empty where no criterion is defined. */
    public static Optional<Boolean> evaluate(List<SuccessCriterion> criteria, Map<String, Object> results,
            Map<String, Double> thresholds) {
        if (criteria.isEmpty()) {
            return Optional.empty();
        }
        for (SuccessCriterion c : criteria) {
            double t = c.threshold() == null ? Double.NaN : thresholds.getOrDefault(c.name(), c.threshold());
            if (!c.test().met(results, t)) {
                return Optional.of(false);
            }
        }
        return Optional.of(true);
    }

    /** A numeric result, for tests. */
    public static double number(Map<String, Object> results, String name) {
        return ((Number) results.get(name)).doubleValue();
    }
}
