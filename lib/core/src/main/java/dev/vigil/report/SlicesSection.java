package dev.vigil.report;

import static dev.vigil.report.HtmlReport.num;
import static dev.vigil.report.HtmlReport.pct;
import static dev.vigil.report.HtmlText.escape;

import dev.vigil.evaluation.MetricValue;
import dev.vigil.metrics.Direction;
import dev.vigil.slices.ColumnSlices;
import dev.vigil.slices.FairnessIntervals;
import dev.vigil.slices.FairnessReport;
import dev.vigil.slices.GroupComparison;
import dev.vigil.slices.GroupRates;
import dev.vigil.slices.RankedSlice;
import dev.vigil.slices.SliceReport;
import dev.vigil.slices.SliceResult;
import java.util.Locale;
import java.util.Map;

/**
 * The "Slices" and "Fairness" sections of the HTML report: the worst slices ranked by the good-side bound of their
 * interval, each declared column's slices (too few rows shown without a value), and per protected attribute each
 * group against the privileged one. Every value with an interval is drawn with its error bar.
 */
final class SlicesSection {
    private static final int BAR_WIDTH = 160;

    private SlicesSection() {}

    static void render(StringBuilder h, SliceReport s, Map<String, Map<String, Double>> published) {
        if (s == null) {
            return;
        }
        String metric = s.rankedBy().publishedName();
        boolean higher = s.rankedBy().direction() == Direction.HIGHER_IS_BETTER;
        String level = num(100 * s.level()).replaceFirst("\\.0+$", "");
        if (!s.columns().isEmpty()) {
            h.append("<section><h2>Slices</h2><p class=\"meta\">Each slice's metrics on its own rows, with ")
                    .append(level).append("% intervals; a slice with fewer than ").append(s.minimumRows())
                    .append(" rows is too few to judge and shown without a value. The worst are ranked by the ")
                    .append(higher ? "upper" : "lower").append(" bound of ").append(escape(metric))
                    .append(": a slice ranks low only when even the best value its rows allow is poor, so a small,")
                    .append(" noisy slice is not mistaken for a weak one.</p>");
            worst(h, s, metric);
            for (ColumnSlices column : s.columns()) {
                column(h, column, metric, published);
            }
            h.append("</section>");
        }
        if (!s.fairness().isEmpty()) {
            h.append("<section><h2>Fairness</h2><p class=\"meta\">Each group of a protected attribute against its")
                    .append(" privileged group; the favourable outcome is the positive class. Differences are the")
                    .append(" group's rate minus the privileged group's (negative: the group is favoured less often),")
                    .append(" with Newcombe's hybrid score interval; the disparate-impact ratio is the group's")
                    .append(" positive-prediction rate over the privileged group's (below 0.8 fails the four-fifths")
                    .append(" rule), with Katz's log interval; all at ").append(level).append("%.</p>");
            for (FairnessReport f : s.fairness()) {
                fairness(h, f);
            }
            h.append("</section>");
        }
    }

    private static void worst(StringBuilder h, SliceReport s, String metric) {
        if (s.worst().isEmpty()) {
            h.append("<p>No slice has enough rows to be judged.</p>");
            return;
        }
        Scale scale = Scale.of(s.worst().stream().mapToDouble(RankedSlice::upper).toArray());
        h.append("<h3>Worst slices</h3><table><tr><th>Slice</th><th>Rows</th><th>").append(escape(metric))
                .append("</th><th>Interval</th><th></th></tr>");
        for (RankedSlice r : s.worst()) {
            h.append("<tr><td>").append(escape(r.slice())).append("</td><td class=\"num\">").append(r.rows())
                    .append("</td><td class=\"num\">").append(num(r.value())).append("</td><td class=\"num\">")
                    .append(bounds(r.lower(), r.upper())).append("</td><td>")
                    .append(scale.bar(r.value(), r.lower(), r.upper())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void column(StringBuilder h, ColumnSlices c, String metric,
            Map<String, Map<String, Double>> published) {
        h.append("<h3>").append(escape(c.column())).append(c.binned() ? " <small>(bins)</small>" : "")
                .append("</h3>");
        if (c.note() != null) {
            h.append("<p class=\"meta\">").append(escape(c.note())).append(".</p>");
        }
        if (c.slices().isEmpty()) {
            if (c.note() == null) {
                h.append("<p class=\"meta\">No rows.</p>");
            }
            return;
        }
        Scale scale = Scale.of(c.slices().stream().filter(SliceResult::judged)
                .mapToDouble(r -> r.ranked() == null ? Double.NaN : r.ranked().upper()).toArray());
        h.append("<table><tr><th>Value</th><th>Rows</th><th>").append(escape(metric))
                .append("</th><th>Interval</th><th></th><th>Published</th></tr>");
        for (SliceResult r : c.slices()) {
            h.append("<tr><td>").append(escape(r.value()))
                    .append(r.values() > 1 ? " <span class=\"meta\">(" + r.values() + " values)</span>" : "")
                    .append("</td><td class=\"num\">").append(r.rows()).append("</td>");
            MetricValue v = r.ranked();
            if (!r.judged() || v == null) {
                h.append("<td colspan=\"3\" class=\"meta\">too few rows</td>");
            } else {
                h.append("<td class=\"num\">").append(num(v.value())).append("</td><td class=\"num\">")
                        .append(bounds(v.lower(), v.upper())).append("</td><td>")
                        .append(scale.bar(v.value(), v.lower(), v.upper())).append("</td>");
            }
            h.append("<td>").append(published.containsKey(r.slice()) ? "yes" : "").append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void fairness(StringBuilder h, FairnessReport f) {
        h.append("<h3>").append(escape(f.attribute())).append(" <small>privileged: ").append(escape(f.privileged()))
                .append("</small></h3>");
        GroupRates p = f.privilegedRates();
        if (p != null) {
            h.append("<p class=\"meta\">Privileged group: ").append(p.rows()).append(" rows, positive-prediction rate ")
                    .append(pct(p.positiveRate())).append(", true-positive rate ").append(pct(p.truePositiveRate()))
                    .append(".").append(f.rowsWithoutGroup() > 0 ? " " + f.rowsWithoutGroup()
                            + " rows have no usable value and are compared with no group." : "").append("</p>");
        }
        if (f.note() != null) {
            h.append("<p class=\"meta\">").append(escape(f.note())).append(".</p>");
        }
        if (f.groups().isEmpty()) {
            return;
        }
        h.append("<table><tr><th>Group</th><th>Rows</th><th>Positive rate</th><th>True-positive rate</th>")
                .append("<th>Demographic parity difference</th><th>Equal opportunity difference</th>")
                .append("<th>Disparate impact ratio</th></tr>");
        for (GroupComparison g : f.groups()) {
            h.append("<tr><td>").append(escape(g.group())).append("</td><td class=\"num\">").append(g.rows())
                    .append("</td><td class=\"num\">").append(pct(g.rates().positiveRate()))
                    .append("</td><td class=\"num\">").append(pct(g.rates().truePositiveRate())).append("</td>");
            if (!g.judged()) {
                h.append("<td colspan=\"3\" class=\"meta\">too few rows</td>");
            } else {
                estimate(h, g.demographicParityDifference(), new Scale(-1, 1));
                estimate(h, g.equalOpportunityDifference(), new Scale(-1, 1));
                FairnessIntervals.Estimate di = g.disparateImpactRatio();
                estimate(h, di, Scale.of(new double[] {2.0, di.upper()}));
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void estimate(StringBuilder h, FairnessIntervals.Estimate e, Scale scale) {
        h.append("<td class=\"num\">").append(num(e.value())).append(" ").append(bounds(e.lower(), e.upper()))
                .append("<br>").append(scale.bar(e.value(), e.lower(), e.upper())).append("</td>");
    }

    private static String bounds(double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
            return "";
        }
        return num(lower) + "&ndash;" + num(upper);
    }

    /** A horizontal axis from {@code min} to {@code max} on which an error bar is drawn. */
    private record Scale(double min, double max) {
        /** From 0 to the largest finite of {@code uppers} (at least 1). */
        static Scale of(double[] uppers) {
            double max = 1.0;
            for (double u : uppers) {
                if (Double.isFinite(u)) {
                    max = Math.max(max, u);
                }
            }
            return new Scale(0, max);
        }

        double x(double v) {
            double t = (Math.max(min, Math.min(max, v)) - min) / (max - min);
            return 4 + t * (BAR_WIDTH - 8);
        }

        /** The value as a dot on its interval's line; only the dot without an interval; nothing without a value. */
        String bar(double value, double lower, double upper) {
            if (!Double.isFinite(value)) {
                return "";
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"12\" class=\"errorbar\">"
                            + "<line x1=\"4\" y1=\"6\" x2=\"%d\" y2=\"6\" stroke=\"#eee\"/>", BAR_WIDTH,
                    BAR_WIDTH - 4));
            if (Double.isFinite(lower) && Double.isFinite(upper)) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"6\" stroke=\"#1f77b4\""
                        + " stroke-width=\"2\"/><line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"10\" stroke=\"#1f77b4\"/>"
                        + "<line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"10\" stroke=\"#1f77b4\"/>", x(lower), x(upper),
                        x(lower), x(lower), x(upper), x(upper)));
            }
            return s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"6\" r=\"3\" fill=\"#1f77b4\"/>"
                    + "</svg>", x(value))).toString();
        }
    }
}
