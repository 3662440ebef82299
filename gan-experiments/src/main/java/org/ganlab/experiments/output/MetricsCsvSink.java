package org.ganlab.experiments.output;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.RunRecord;

/** {@code metrics.csv}: one row per step, one column per metric, floats written exactly (shortest repr). */
public final class MetricsCsvSink implements RunSink {

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
                        line.append(columns.get(i).equals("step") ? Long.toString(v.longValue()) : Double.toString(v));
                    }
                }
                w.write(line.append('\n').toString());
            }
        }
    }
}
