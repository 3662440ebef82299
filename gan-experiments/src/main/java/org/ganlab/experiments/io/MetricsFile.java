package org.ganlab.experiments.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.csv}, written a row at a time as the run records it, so a run's memory does not
 * grow with its steps, and read back a column at a time (all rows, or thinned for a chart). One row
 * per step, one column per metric, each value in its shortest exact form.
 */
public final class MetricsFile implements AutoCloseable {

    public static final String FILE = "metrics.csv";

    private final Path file;
    private Writer out;
    private List<String> columns;
    private long rows;
    private boolean closed;

    public MetricsFile(Path file) {
        this.file = file;
    }

    /** A float32 metric as its float text (0.27343112, not 0.27343112230300903); other values as doubles. */
    static String format(double v) {
        float f = (float) v;
        return f == v ? Float.toString(f) : Double.toString(v);
    }

    /**
     * Appends one row; the first row's names are the header. A run records the same metrics every
     * step: a name the first row did not have is refused, a name it had but this row lacks stays empty.
     */
    public void append(Map<String, Double> row) {
        if (closed) {
            throw new IllegalStateException(file + " is closed");
        }
        try {
            if (out == null) {
                columns = List.copyOf(row.keySet());
                out = Files.newBufferedWriter(file);
                out.write(String.join(",", columns));
                out.write('\n');
            }
            for (String name : row.keySet()) {
                if (!columns.contains(name)) {
                    throw new IllegalStateException("metric '" + name + "' first recorded after step 1; every step "
                            + "records the same metrics " + columns);
                }
            }
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
            out.write(line.append('\n').toString());
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file's length once every row recorded so far is on disk: where a checkpoint's rows end. */
    public long length() {
        flush();
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Continues a file a checkpoint left: cuts it back to {@code length} bytes (rows recorded after the
     * checkpoint go) and appends after its {@code rows} rows.
     */
    public void resume(long length, long rows) {
        try {
            List<String> header;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String h = in.readLine();
                header = h == null ? List.of() : List.of(h.split(","));
            }
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
            columns = header.isEmpty() ? null : header;
            out = header.isEmpty() ? null : Files.newBufferedWriter(file, java.nio.file.StandardOpenOption.APPEND);
            this.rows = rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot continue " + file, e);
        }
    }

    /** Pushes buffered rows to the file, so a reader (or a crash) sees every row recorded so far. */
    public void flush() {
        if (out != null && !closed) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    public List<String> columns() {
        return columns == null ? List.of() : columns;
    }

    public long rows() {
        return rows;
    }

    /**
     * The named columns read back, every row when {@code maxRows} is at least the row count, else
     * every k-th row (k the smallest stride that fits) and always the last; NaN where a row lacks a value.
     */
    public Map<String, double[]> read(int maxRows, String... names) {
        flush();
        long stride = Math.max(1, (rows + maxRows - 1) / Math.max(1, maxRows));
        int n = rows == 0 ? 0 : (int) ((rows - 1) / stride + 1 + ((rows - 1) % stride == 0 ? 0 : 1));
        Map<String, double[]> values = new LinkedHashMap<>();
        int[] index = new int[names.length];
        for (int c = 0; c < names.length; c++) {
            index[c] = columns().indexOf(names[c]);
            double[] column = new double[n];
            Arrays.fill(column, Double.NaN);
            values.put(names[c], column);
        }
        if (rows == 0) {
            return values;
        }
        try (BufferedReader in = Files.newBufferedReader(file)) {
            in.readLine(); // header
            int kept = 0;
            for (long r = 0; r < rows; r++) {
                String line = in.readLine();
                if (r % stride != 0 && r != rows - 1) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                for (int c = 0; c < names.length; c++) {
                    if (index[c] >= 0 && !cells[index[c]].isEmpty()) {
                        values.get(names[c])[kept] = parse(cells[index[c]]);
                    }
                }
                kept++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }

    /**
     * A cell back as the value {@link #format} wrote: a float's text gives that float exactly (parsed
     * as a double, "0.27343112" would not be the float 0.27343112). A double that was not a float and
     * whose shortest text is also a float's ("0.1") comes back as that float: read-back serves charts
     * and summaries of float metrics; the file itself keeps every value as written.
     */
    static double parse(String cell) {
        float f = Float.parseFloat(cell);
        return Float.toString(f).equals(cell) ? f : Double.parseDouble(cell);
    }

    @Override
    public void close() {
        if (out != null && !closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}
