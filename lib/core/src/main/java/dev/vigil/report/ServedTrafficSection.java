package dev.vigil.report;

import static dev.vigil.report.HtmlReport.num;
import static dev.vigil.report.HtmlReport.pct;
import static dev.vigil.report.HtmlReport.row;
import static dev.vigil.report.HtmlText.escape;

import dev.vigil.dataset.RejectedRow;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.traffic.CaptureCounts;
import dev.vigil.traffic.LabelConflict;
import dev.vigil.traffic.LabelCounts;
import java.util.List;
import java.util.Locale;

/**
 * The "Served traffic" section of the HTML report: the window, where every capture record and label record went
 * (the join funnel, with coverage), the label delay, conflicting labels with examples, and each serving version's
 * own predictions and headline metrics.
 */
final class ServedTrafficSection {
    private static final List<Metric> CLASSIFICATION_HEADLINE = List.of(Metric.ACCURACY, Metric.F1_MACRO,
            Metric.ROC_AUC, Metric.LOG_LOSS);
    private static final List<Metric> REGRESSION_HEADLINE = List.of(Metric.MAE, Metric.RMSE, Metric.R2);

    private ServedTrafficSection() {}

    static void render(StringBuilder h, ServedTraffic t) {
        if (t == null) {
            return;
        }
        boolean joins = ServedTraffic.TRAFFIC.equals(t.source());
        h.append("<section><h2>Served traffic</h2><p class=\"meta\">")
                .append(joins ? "Captured predictions joined by id with the labels that arrived"
                        : "Captured inputs and outputs, no labels")
                .append(", served from ").append(escape(String.valueOf(t.windowStart()))).append(" to ")
                .append(escape(String.valueOf(t.windowEnd()))).append(" (the end excluded).</p>");
        capture(h, t.capture(), t);
        if (joins) {
            labels(h, t.labels());
            delay(h, t);
        }
        versions(h, t, joins);
        shadow(h, t);
        conflicts(h, t);
        labelRejections(h, t.labelRejections().examples());
        h.append("</section>");
    }

    private static void capture(StringBuilder h, CaptureCounts c, ServedTraffic t) {
        h.append("<h3>Captured predictions</h3><table class=\"kv wide\">");
        row(h, "Capture records read", Long.toString(c.records()));
        row(h, "Rejected", Long.toString(c.rejected()));
        row(h, "Served outside the window", Long.toString(c.outsideWindow()));
        row(h, "Second copies of a joined prediction", Long.toString(c.redelivered()));
        row(h, "Reused ids (not scored)", Long.toString(c.duplicateId()));
        row(h, "Predictions in the window", Long.toString(c.predictions()));
        if (ServedTraffic.TRAFFIC.equals(t.source())) {
            row(h, "Joined with a label", t.predictions().joined() + (Double.isNaN(t.coverage()) ? ""
                    : " (coverage " + pct(t.coverage()) + ")"));
            row(h, "Unlabelled so far", Long.toString(t.predictions().unlabelled()));
        }
        h.append("</table>");
        if (ServedTraffic.TRAFFIC.equals(t.source()) && !Double.isNaN(t.coverage())) {
            int width = 400;
            int filled = (int) Math.round(width * t.coverage());
            h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width + 2)
                    .append("\" height=\"18\" role=\"img\" aria-label=\"coverage\"><rect x=\"1\" y=\"1\" width=\"")
                    .append(width).append("\" height=\"16\" fill=\"#eee\" stroke=\"#bbb\"/><rect x=\"1\" y=\"1\" ")
                    .append("width=\"").append(filled).append("\" height=\"16\" fill=\"#2ca02c\"/></svg>");
        }
    }

    private static void labels(StringBuilder h, LabelCounts l) {
        h.append("<h3>Labels</h3><table class=\"kv wide\">");
        row(h, "Label records read", Long.toString(l.records()));
        row(h, "Rejected", Long.toString(l.rejected()));
        row(h, "Superseded by a later label of the same id", Long.toString(l.superseded()));
        row(h, "Joined a prediction", Long.toString(l.joined()));
        row(h, "Met a prediction but not one of its version's classes", Long.toString(l.joinRejected()));
        row(h, "Met no captured prediction", Long.toString(l.unmatched()));
        row(h, "… of which orphans (id of the window, never captured)", Long.toString(l.orphans()));
        row(h, "… of which for predictions of other windows", Long.toString(l.outsideWindow()));
        row(h, "… of which with ids that carry no time", Long.toString(l.unmatched() - l.orphans()
                - l.outsideWindow()));
        h.append("</table>");
    }

    private static void delay(StringBuilder h, ServedTraffic t) {
        h.append("<h3>Label delay</h3><table class=\"kv wide\">");
        row(h, "Median", seconds(t.labelDelayP50Seconds()));
        row(h, "95th percentile", seconds(t.labelDelayP95Seconds()));
        row(h, "Longest", seconds(t.labelDelayMaxSeconds()));
        h.append("</table>");
    }

    private static void versions(StringBuilder h, ServedTraffic t, boolean joins) {
        if (t.versions().isEmpty()) {
            return;
        }
        MetricReport any = t.versions().stream().map(ServedTraffic.VersionResult::metrics)
                .filter(m -> m != null).findFirst().orElse(null);
        List<Metric> headline = any == null ? List.of()
                : any.task().isClassification() ? CLASSIFICATION_HEADLINE : REGRESSION_HEADLINE;
        h.append("<h3>By serving version</h3><table><tr><th>Version</th><th>Predictions</th>");
        if (joins) {
            h.append("<th>Joined</th><th>Coverage</th>");
        } else {
            h.append("<th>Feature PSI max</th><th>Prediction PSI</th><th>Inputs out of range</th>");
        }
        for (Metric m : headline) {
            h.append("<th>").append(escape(m.publishedName())).append("</th>");
        }
        h.append("</tr>");
        for (ServedTraffic.VersionResult v : t.versions()) {
            h.append("<tr><td>").append(escape(v.version())).append(v.evaluated() ? " (evaluated)" : "")
                    .append("</td><td class=\"num\">").append(v.counts().predictions()).append("</td>");
            if (joins) {
                h.append("<td class=\"num\">").append(v.counts().joined()).append("</td><td class=\"num\">")
                        .append(pct(v.counts().coverage())).append("</td>");
            } else if (v.drift() == null) {
                h.append("<td colspan=\"3\">no baseline</td>");
            } else {
                h.append("<td class=\"num\">").append(num(v.drift().maxFeaturePsi())).append("</td><td class=\"num\">")
                        .append(v.drift().prediction() == null ? "—" : num(v.drift().prediction().psi()))
                        .append("</td><td class=\"num\">").append(pct(v.drift().inputOutOfRangeRate()))
                        .append("</td>");
            }
            for (Metric m : headline) {
                h.append("<td class=\"num\">").append(v.metrics() == null ? "—" : num(v.metrics().value(m)))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void shadow(StringBuilder h, ServedTraffic t) {
        if (t.shadow().isEmpty()) {
            return;
        }
        h.append("<h3>Shadow evaluation</h3><p class=\"meta\">Each candidate scored on the captured features of "
                + "predictions another version served and that met their labels; both judged on the same rows. "
                + "Not published: it informs a promotion, it never moves an alarm.</p>")
                .append("<table><tr><th>Served by</th><th>Candidate</th><th>Rows</th><th>Not shadowed</th>")
                .append("<th>Metric</th><th>Served</th><th>Candidate</th><th>Difference</th></tr>");
        for (ServedTraffic.ShadowResult r : t.shadow()) {
            List<Metric> headline = r.served() == null ? List.of()
                    : r.served().task().isClassification() ? CLASSIFICATION_HEADLINE : REGRESSION_HEADLINE;
            int span = Math.max(1, headline.size());
            h.append("<tr><td rowspan=\"").append(span).append("\">").append(escape(r.servedBy()))
                    .append("</td><td rowspan=\"").append(span).append("\">").append(escape(r.candidate()))
                    .append("</td><td rowspan=\"").append(span).append("\" class=\"num\">").append(r.rows())
                    .append("</td><td rowspan=\"").append(span).append("\" class=\"num\">")
                    .append(r.notShadowed()).append("</td>");
            if (headline.isEmpty()) {
                h.append("<td colspan=\"4\">no joined row could be shadowed</td></tr>");
                continue;
            }
            for (int i = 0; i < headline.size(); i++) {
                Metric m = headline.get(i);
                double served = r.served().value(m);
                double candidate = r.candidateMetrics().value(m);
                h.append(i == 0 ? "" : "<tr>").append("<td>").append(escape(m.publishedName()))
                        .append("</td><td class=\"num\">").append(num(served)).append("</td><td class=\"num\">")
                        .append(num(candidate)).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%+.4f", candidate - served)).append("</td></tr>");
            }
        }
        h.append("</table>");
    }

    private static void conflicts(StringBuilder h, ServedTraffic t) {
        if (t.conflicts().ids() == 0) {
            return;
        }
        long ids = t.conflicts().ids();
        h.append("<h3>Conflicting labels</h3><p class=\"meta\">").append(ids)
                .append(ids == 1 ? " id was" : " ids were")
                .append(" given two or more different labels; the latest label of each counts (by its "
                        + "time, then by reading order).</p><table><tr><th>Id</th><th>Label held</th>"
                        + "<th>Other label</th><th>Read from</th></tr>");
        for (LabelConflict c : t.conflicts().examples()) {
            h.append("<tr><td>").append(escape(c.id())).append("</td><td>").append(escape(c.label()))
                    .append("</td><td>").append(escape(c.otherLabel())).append("</td><td>")
                    .append(escape(c.otherOrigin().toString())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void labelRejections(StringBuilder h, List<RejectedRow> examples) {
        if (examples.isEmpty()) {
            return;
        }
        h.append("<h3>Rejected labels</h3><table><tr><th>Object</th><th>Record</th><th>Reason</th><th>Detail</th>")
                .append("</tr>");
        for (RejectedRow e : examples) {
            h.append("<tr><td>").append(escape(e.key())).append("</td><td class=\"num\">").append(e.record())
                    .append("</td><td>").append(e.reason().code()).append("</td><td>").append(escape(e.detail()))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "—" : String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }
}
