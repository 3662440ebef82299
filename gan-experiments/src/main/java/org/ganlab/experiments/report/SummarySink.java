package org.ganlab.experiments.report;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.io.Json;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.run.RunSink;

/**
 * {@code summary.json}: how the run ended and what it found. Written last and atomically, so its
 * presence marks a finished run (a sweep resumes by skipping the runs that have one).
 */
public final class SummarySink implements RunSink {

    public static final String FILE = "summary.json";

    @Override
    public void write(RunRecord record) throws IOException {
        Json.writeAtomically(record.dir().resolve(FILE), summary(record));
    }

    public static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", r.config().experiment());
        s.put("status", r.status().name());
        if (r.status() == RunRecord.Status.DIVERGED) {
            s.put("divergedAtStep", r.divergedAtStep());
            s.put("divergedReason", r.divergedReason());
        }
        s.put("stepsRecorded", r.log().stepsRecorded());
        r.success().ifPresent(ok -> s.put("success", ok));
        s.put("results", r.results());
        s.put("artifacts", r.artifacts().stream().map(Artifact::file).toList());
        return s;
    }
}
