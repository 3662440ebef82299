package org.ganlab.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.ganlab.experiments.io.Artifact;
import org.ganlab.experiments.run.RunRecord;
import org.ganlab.experiments.run.RunSink;

/** {@code report.html}: one page with the run's outcome, settings, plots and animation. */
public final class ReportSink implements RunSink {

    @Override
    public void write(RunRecord r) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(r.config().experiment())).append(" — ").append(escape(r.dir().getFileName().toString()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
                        + "figure{margin:1.5em 0}img{max-width:100%;border:1px solid #eee}"
                        + ".COMPLETED{color:#17702a}.DIVERGED{color:#b00020}</style></head><body>\n");
        html.append("<h1>").append(escape(r.config().experiment())).append("</h1>\n<p>").append(escape(r.experiment().description()))
                .append("</p>\n<p class=\"").append(r.status()).append("\"><strong>").append(r.status()).append("</strong>");
        if (r.status() == RunRecord.Status.DIVERGED) {
            html.append(" at step ").append(r.divergedAtStep()).append(": ").append(escape(r.divergedReason()));
        }
        r.success().ifPresent(ok -> html.append(ok ? " — success" : " — no success"));
        html.append(String.format(" in %.1f s on backend %s</p>%n", r.seconds(), escape(r.backend())));
        html.append("<h2>Results</h2>\n").append(table(r.results()));
        html.append("<h2>Settings</h2>\n").append(table(settings(r)));
        html.append("<p>Full settings: <a href=\"params.json\">params.json</a> · per step: <a href=\"metrics.csv\">metrics.csv</a>"
                + " · outcome: <a href=\"summary.json\">summary.json</a></p>\n");
        for (Artifact a : r.artifacts()) {
            html.append("<figure><img src=\"").append(escape(a.file())).append("\" alt=\"").append(escape(a.caption()))
                    .append("\"><figcaption>").append(escape(a.caption())).append("</figcaption></figure>\n");
        }
        html.append("</body></html>\n");
        Files.writeString(r.dir().resolve("report.html"), html);
    }

    private static String table(Map<String, ?> values) {
        StringBuilder t = new StringBuilder("<table>\n");
        values.forEach((k, v) -> t.append("<tr><th>").append(escape(k)).append("</th><td>")
                .append(escape(format(v))).append("</td></tr>\n"));
        return t.append("</table>\n").toString();
    }

    private static String format(Object v) {
        if (v instanceof float[] f) {
            return java.util.Arrays.toString(f);
        }
        if (v instanceof double[] d) {
            return java.util.Arrays.toString(d);
        }
        return String.valueOf(v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The run's settings, with the backend that ran it (the settings hold null where the default was taken). */
    private static Map<String, Object> settings(RunRecord r) {
        Map<String, Object> s = new java.util.LinkedHashMap<>(r.plan().settings());
        if (s.containsKey("backend")) {
            s.put("backend", r.backend());
        }
        return s;
    }
}
