package org.ganlab.experiments.output;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.RunRecord;

/** {@code metrics.csv}: one row per step, one column per metric, each value in its shortest exact form. */
public final class MetricsCsvSink implements RunSink {

    /** A float32 metric as its float text (0.27343112, not 0.27343112230300903); other values as doubles. */
    static String format(double v) {
        float f = (float) v;
        return f == v ? Float.toString(f) : Double.toString(v);
    }

    @Override
    public void write(RunRecord record) throws IOException {
        List<String> columns = record.log().columns();
        try (Writer w = Files.newBufferedWriter(record.dir().resolve("metrics.csv"))) {
            w.write(String.join(",", columns));
            w.write('\n');
            for (Map<String, Double> row : record.log().rows()) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    Double v = row.get(columns.get(i));
                    if (v != null) {
                        line.append(columns.get(i).equals("step") ? Long.toString(v.longValue()) : format(v));
                    }
                }
                w.write(line.append('\n').toString());
            }
        }
    }
}
