package dev.vigil.report;

import static dev.vigil.report.HtmlReport.num;
import static dev.vigil.report.HtmlText.escape;

import dev.vigil.estimation.CalibrationReport;
import dev.vigil.estimation.EstimateComparison;
import dev.vigil.estimation.EstimationSection;
import dev.vigil.estimation.PerformanceEstimate;
import java.util.List;
import java.util.Locale;

/**
 * The calibration and estimation sections of the HTML report: the reliability diagram with the expected calibration
 * error; a capture run's estimated performance with its ranges and whether it was published; and a labelled run's
 * realised metrics beside the estimate made for its window. Inline SVG, so the page stays self-contained.
 */
final class EstimationSections {
    private static final int SIZE = 300;
    private static final int MARGIN = 40;

    private EstimationSections() {}

    /** The reliability diagram: each bin's mean confidence against its observed frequency, dot area by rows. */
    static void calibration(StringBuilder h, CalibrationReport c) {
        if (c == null || c.rows() == 0) {
            return;
        }
        h.append("<section><h2>Calibration</h2><p class=\"meta\">").append(escape(c.binning()))
                .append(". Expected calibration error ").append(num(c.expectedCalibrationError()))
                .append(" (largest bin gap ").append(num(c.maxCalibrationError())).append("; sampling noise alone")
                .append(" gives about ").append(num(c.noiseFloor())).append("; beyond sampling noise ")
                .append(num(c.excessError())).append(", which the estimate's calibration check judges) on ")
                .append(c.rows())
                .append(" rows").append(c.largeEnoughToJudge() ? "" : ", fewer than the minimum sample size of "
                        + c.minimumRows() + ": shown, not published").append(".</p><div class=\"row\"><figure>");
        h.append(svgOpen(SIZE + MARGIN + 10, SIZE + MARGIN + 10));
        axes(h, "mean predicted probability", "observed frequency");
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" "
                + "stroke-dasharray=\"4 3\"/>", x(0), y(0), x(1), y(1)));
        long most = c.reliability().stream().mapToLong(CalibrationReport.ReliabilityBin::rows).max().orElse(1);
        StringBuilder line = new StringBuilder();
        for (CalibrationReport.ReliabilityBin b : c.reliability()) {
            if (!Double.isFinite(b.meanConfidence()) || !Double.isFinite(b.observedFrequency())) {
                continue;
            }
            double r = 2 + 6 * Math.sqrt((double) b.rows() / most);
            line.append(String.format(Locale.ROOT, "%d,%d ", x(b.meanConfidence()), y(b.observedFrequency())));
            h.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"%.1f\" fill=\"#1f77b4\">"
                    + "<title>%s–%s: %d rows, predicted %s, observed %s</title></circle>", x(b.meanConfidence()),
                    y(b.observedFrequency()), r, num(b.lower()), num(b.upper()), b.rows(), num(b.meanConfidence()),
                    num(b.observedFrequency())));
        }
        h.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(line)
                .append("\"/></svg><figcaption>Reliability diagram (dashed: perfectly calibrated)</figcaption>")
                .append("</figure><table><tr><th>Bin</th><th>Rows</th><th>Mean predicted</th><th>Observed</th></tr>");
        for (CalibrationReport.ReliabilityBin b : c.reliability()) {
            h.append("<tr><td>").append(num(b.lower())).append("–").append(num(b.upper()))
                    .append("</td><td class=\"num\">").append(b.rows()).append("</td><td class=\"num\">")
                    .append(num(b.meanConfidence())).append("</td><td class=\"num\">")
                    .append(num(b.observedFrequency())).append("</td></tr>");
        }
        h.append("</table></div></section>");
    }

    /** A capture run's estimate: each metric with its range, the gate's decision and the expected confusion. */
    static void estimation(StringBuilder h, EstimationSection s) {
        if (s == null) {
            return;
        }
        PerformanceEstimate e = s.estimate();
        h.append("<section><h2>Estimated performance (no labels yet)</h2><p class=\"meta\">Estimated from the model's")
                .append(" own probabilities on ").append(e.rows()).append(" unlabelled predictions (confidence-based")
                .append(" performance estimation): right only as far as the probabilities are calibrated.</p>")
                .append("<p class=\"message\">").append(escape(s.gate().reason())).append("</p>");
        h.append("<table><tr><th>Metric</th><th>Estimate</th><th>Range of the realised value (")
                .append(String.format(Locale.ROOT, "%.0f%%", e.level() * 100)).append(")</th><th>SD</th></tr>");
        for (PerformanceEstimate.Estimated m : e.metrics()) {
            h.append("<tr><td>").append(escape(m.metric().publishedName())).append("</td><td class=\"num\">")
                    .append(num(m.value())).append("</td><td class=\"num\">").append(num(m.lower())).append(" – ")
                    .append(num(m.upper())).append("</td><td class=\"num\">").append(num(m.standardDeviation()))
                    .append("</td></tr>");
        }
        h.append("</table><p class=\"meta\">Ranges: ").append(escape(e.intervalMethod())).append(".</p>");
        h.append("<table><tr><th>Expected confusion (actual \\ predicted)</th>");
        e.labels().forEach(l -> h.append("<th>").append(escape(l)).append("</th>"));
        h.append("</tr>");
        for (int k = 0; k < e.labels().size(); k++) {
            h.append("<tr><th>").append(escape(e.labels().get(k))).append("</th>");
            for (double v : e.expectedConfusion()[k]) {
                h.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", v)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table></section>");
    }

    /** Realised metrics beside the estimate made before the labels arrived: a table and a range chart. */
    static void estimateCheck(StringBuilder h, EstimateComparison c) {
        if (c == null) {
            return;
        }
        List<EstimateComparison.Row> rows = c.rows();
        long inside = rows.stream().filter(EstimateComparison.Row::withinRange).count();
        h.append("<section><h2>Estimated against realised</h2><p class=\"meta\">Capture run ")
                .append(escape(c.estimateRunId())).append(" estimated this window before its labels arrived; ")
                .append(inside).append(" of ").append(rows.size())
                .append(" realised values lie in the estimate's range.</p><div class=\"row\"><table><tr><th>Metric")
                .append("</th><th>Estimated</th><th>Range</th><th>Realised</th><th>Difference</th><th>In range</th>")
                .append("</tr>");
        for (EstimateComparison.Row r : rows) {
            h.append("<tr><td>").append(escape(r.metric().publishedName())).append("</td><td class=\"num\">")
                    .append(num(r.estimated())).append("</td><td class=\"num\">").append(num(r.lower())).append(" – ")
                    .append(num(r.upper())).append("</td><td class=\"num\">").append(num(r.realised()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%+.4f", r.difference()))
                    .append("</td><td>").append(r.withinRange() ? "yes" : "no").append("</td></tr>");
        }
        h.append("</table><figure>");
        int rowHeight = 26;
        int width = 420;
        int left = 130;
        h.append(svgOpen(width, rows.size() * rowHeight + 30));
        for (int i = 0; i < rows.size(); i++) {
            EstimateComparison.Row r = rows.get(i);
            int cy = 15 + i * rowHeight;
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6,
                    cy + 4, escape(r.metric().publishedName())));
            if (Double.isFinite(r.lower()) && Double.isFinite(r.upper())) {
                h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"10\" "
                        + "fill=\"#aec7e8\"/>", bar(r.lower(), left, width), cy - 5,
                        Math.max(1, bar(r.upper(), left, width) - bar(r.lower(), left, width))));
            }
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1f77b4\" "
                    + "stroke-width=\"2\"/>", bar(r.estimated(), left, width), cy - 7, bar(r.estimated(), left,
                    width), cy + 7));
            h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"/>",
                    bar(r.realised(), left, width), cy, r.withinRange() ? "#2ca02c" : "#d62728"));
        }
        int axis = rows.size() * rowHeight + 12;
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\" "
                + "text-anchor=\"end\">1</text>", left, axis, width - 10, axis));
        h.append("</svg><figcaption>Bar: estimate and its range; dot: realised (green in range, red not)")
                .append("</figcaption></figure></div></section>");
    }

    private static double bar(double v, int left, int width) {
        return left + Math.max(0, Math.min(1, v)) * (width - left - 10);
    }

    private static void axes(StringBuilder h, String xLabel, String yLabel) {
        h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", x(0), y(1), SIZE, SIZE));
        for (int t = 0; t <= 4; t++) {
            double v = t / 4.0;
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", x(v),
                    y(0) + 14, num(v)));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", x(0) - 4,
                    y(v) + 4, num(v)));
        }
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                x(0.5), y(0) + 30, escape(xLabel)));
        h.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">%s</text>", y(0.5), y(0.5), escape(yLabel)));
    }

    private static int x(double v) {
        return MARGIN + (int) Math.round(v * SIZE);
    }

    private static int y(double v) {
        return 10 + (int) Math.round((1 - v) * SIZE);
    }

    private static String svgOpen(int width, int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-size=\"11\">";
    }
}
