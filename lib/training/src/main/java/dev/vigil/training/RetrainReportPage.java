package dev.vigil.training;

import static dev.vigil.report.HtmlText.escape;

import dev.vigil.storage.StorageLayout;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders a {@link RetrainReport} as one self-contained HTML page: decision, held-out comparison, search, data. */
final class RetrainReportPage {
    private RetrainReportPage() {}

    static String render(RetrainReport r) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Retrain ")
                .append(escape(r.model())).append(' ').append(escape(r.runId())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;")
                .append("padding:.25em .6em;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child")
                .append("{text-align:left}.PROMOTED{background:#e3f6e3}.NOT_PROMOTED{background:#fff4d6}")
                .append(".FAILED{background:#fde2e2}.banner{padding:.8em 1em;border-radius:6px}")
                .append(".chosen{font-weight:bold}</style></head><body>");
        h.append("<nav><a href=\"../../").append(StorageLayout.PAGE_FILE)
                .append("\">&larr; the model's page</a></nav>");
        h.append("<h1>Retrain of ").append(escape(r.model())).append("</h1>");
        h.append("<p class=\"banner ").append(r.status()).append("\"><b>").append(r.status()).append("</b> — ")
                .append(escape(r.message())).append("</p>");
        h.append("<p>Run <code>").append(escape(r.runId())).append("</code>, ").append(r.startedAt()).append(" to ")
                .append(r.finishedAt()).append(".");
        if (r.trigger() != null) {
            h.append(" Started by alarm <code>").append(escape(r.trigger().alarm())).append("</code> (")
                    .append(escape(r.trigger().reason())).append(") while <code>")
                    .append(escape(r.trigger().championVersion())).append("</code> was the champion.");
        }
        h.append("</p>");
        if (r.decision() != null) {
            RetrainReport.Decision d = r.decision();
            h.append("<h2>Held-out comparison</h2><p>Primary metric <b>").append(escape(d.metric()))
                    .append("</b>, margin ").append(d.margin()).append(": ").append(escape(d.reason())).append("</p>");
            comparison(h, r);
        }
        if (r.search() != null) {
            RetrainReport.Search s = r.search();
            h.append("<h2>Hyperparameter search</h2><p>").append(escape(s.algorithm())).append("; chosen on the")
                    .append(" validation rows by ").append(escape(s.metric()))
                    .append(".</p><table><tr><th>learning rate</th><th>epochs</th><th>L2</th><th>validation ")
                    .append(escape(s.metric())).append("</th></tr>");
            for (RetrainReport.Trial t : s.trials()) {
                boolean chosen = t.settings().equals(s.chosen());
                h.append("<tr").append(chosen ? " class=\"chosen\"" : "").append("><td>")
                        .append(t.settings().learningRate()).append("</td><td>").append(t.settings().epochs())
                        .append("</td><td>").append(t.settings().l2()).append("</td><td>")
                        .append(number(t.validation())).append(chosen ? " ✔" : "").append("</td></tr>");
            }
            h.append("</table>");
        }
        if (r.data() != null) {
            RetrainReport.Data d = r.data();
            h.append("<h2>Data</h2><p>").append(escape(d.location())).append(", partitions ")
                    .append(escape(String.join(", ", d.partitions()))).append(": ").append(d.trainRows())
                    .append(" training, ").append(d.validationRows()).append(" validation and ").append(d.testRows())
                    .append(" held-out rows (split by time: the held-out rows are the newest, none of them"
                            + " trained on); ").append(d.rowsRejected())
                    .append(" malformed rows skipped.</p>");
            if (!d.parts().isEmpty()) {
                h.append("<table><tr><th>Part</th><th>Rows</th><th>Oldest row</th><th>Newest row</th></tr>");
                for (RetrainReport.Part p : d.parts()) {
                    h.append("<tr><td>").append(escape(p.name())).append("</td><td>").append(p.rows())
                            .append("</td><td>").append(escape(String.valueOf(p.first()))).append("</td><td>")
                            .append(escape(String.valueOf(p.last()))).append("</td></tr>");
                }
                h.append("</table>");
            }
            h.append("<ul>");
            d.keys().forEach(k -> h.append("<li><code>").append(escape(k)).append("</code></li>"));
            h.append("</ul>");
        }
        return h.append("</body></html>").toString();
    }

    private static void comparison(StringBuilder h, RetrainReport r) {
        Map<String, Double> candidate = r.candidate() == null ? Map.of() : r.candidate().heldOut();
        Map<String, Double> champion = r.champion() == null ? Map.of() : r.champion().heldOut();
        Set<String> metrics = new LinkedHashSet<>(candidate.keySet());
        metrics.addAll(champion.keySet());
        h.append("<table><tr><th>metric (held out)</th><th>candidate ")
                .append(r.candidate() == null ? "" : escape(r.candidate().version())).append("</th><th>champion ")
                .append(r.champion() == null ? "(none)" : escape(r.champion().version())).append("</th></tr>");
        for (String m : metrics) {
            boolean primary = r.decision() != null && m.equals(r.decision().metric());
            h.append("<tr").append(primary ? " class=\"chosen\"" : "").append("><td>").append(escape(m))
                    .append("</td><td>").append(number(candidate.get(m))).append("</td><td>")
                    .append(number(champion.get(m))).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static String number(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }
}
