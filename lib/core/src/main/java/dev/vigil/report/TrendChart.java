package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.Comparison;
import dev.vigil.metrics.ValueRange;
import dev.vigil.metrics.VigilMetric;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG chart of one metric over time: a UTC time axis, the alarm threshold as a dashed line with the
 * breaching side shaded, each run's confidence interval as an error bar, the metric's stability band (mean ± 2 sd of
 * the champion's earlier runs, {@link MetricStability}) shaded, and one point per run (filled for the champion's
 * runs, hollow for challengers', red when the run breaches the alarm — on its confidently bad bound when the alarm
 * compares the bound). The value axis spans the points, intervals, band and threshold with a tenth of their span as
 * margin, kept inside the values the metric can take ({@link VigilMetric#range}), so a flat accuracy never gets an
 * axis up to 1.4 nor a log loss one below 0.
 */
final class TrendChart {
    static final int WIDTH = 340;
    static final int HEIGHT = 180;
    private static final int LEFT = 52;
    private static final int RIGHT = 12;
    private static final int TOP = 10;
    private static final int BOTTOM = 36;
    private static final int TICKS = 3;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One run's value, with its published interval ({@code lower}/{@code upper} NaN when it published none).
     */
    record Point(Instant at, double value, double lower, double upper, boolean champion, String label) {
        Point(Instant at, double value, boolean champion, String label) {
            this(at, value, Double.NaN, Double.NaN, champion, label);
        }

        boolean hasInterval() {
            return Double.isFinite(lower) && Double.isFinite(upper) && upper > lower;
        }
    }

    /**
     * An alarm's threshold as the chart draws it.
     *
     * @param comparison how a datapoint is compared
     * @param value the threshold
     * @param onBound true when the alarm compares the confidently bad bound rather than the value
     */
    record Threshold(Comparison comparison, double value, boolean onBound) {
        static Threshold of(AlarmRule rule) {
            return rule == null ? null : new Threshold(rule.comparison(), rule.threshold(), rule.bound().isPresent());
        }

        /** True when the run this point stands for breaches: its value, or its confidently bad bound. */
        boolean breaches(Point p) {
            if (onBound && p.hasInterval()) {
                return comparison.breaches(comparison.alarmsWhenFalling() ? p.upper() : p.lower(), value);
            }
            return comparison.breaches(p.value(), value);
        }
    }

    private TrendChart() {}

    /** Appends a {@code <figure>} charting {@code points} (at least one) against {@code rule} (null: none). */
    static void render(StringBuilder h, String metric, List<Point> points, AlarmRule rule) {
        render(h, metric, points, Threshold.of(rule), null);
    }

    /**
     * Appends a {@code <figure>} charting {@code points} (at least one), with {@code threshold} and {@code band}
     * where not null.
     */
    static void render(StringBuilder h, String metric, List<Point> points, Threshold threshold, MetricStability band) {
        double t0 = points.stream().mapToDouble(p -> seconds(p.at())).min().orElse(0);
        double t1 = points.stream().mapToDouble(p -> seconds(p.at())).max().orElse(0);
        double pad = t1 > t0 ? Math.max(1, (t1 - t0) * 0.04) : 1800;
        t0 -= pad;
        t1 += pad;
        double[] axis = valueAxis(metric, points, threshold, band);
        double lo = axis[0];
        double hi = axis[1];
        Scale x = new Scale(t0, t1, LEFT, WIDTH - RIGHT);
        Scale y = new Scale(lo, hi, HEIGHT - BOTTOM, TOP);
        h.append("<figure class=\"trend\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" font-size=\"10\" role=\"img\" aria-label=\"").append(escape(metric))
                .append(" over time\">");
        if (band != null) {
            double top = y.at(Math.min(hi, band.upper()));
            double bottom = y.at(Math.max(lo, band.lower()));
            h.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%d\" y=\"%.1f\" width=\"%d\" "
                    + "height=\"%.1f\" fill=\"#1f77b4\" fill-opacity=\"0.12\"><title>%s: mean %s, sd %s over %d"
                    + " runs, trend %s per run</title></rect>", LEFT, top, WIDTH - RIGHT - LEFT,
                    Math.max(0, bottom - top), escape(metric), HtmlReport.num(band.mean()),
                    HtmlReport.num(band.standardDeviation()), band.runs(), HtmlReport.num(band.trendPerRun())));
        }
        if (threshold != null) {
            double ty = y.at(threshold.value());
            boolean falling = threshold.comparison().alarmsWhenFalling();
            double bad = falling ? HEIGHT - BOTTOM - ty : ty - TOP;
            double top = falling ? ty : TOP;
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                    + "fill=\"#d62728\" fill-opacity=\"0.07\"/>", LEFT, top, WIDTH - RIGHT - LEFT, Math.max(0, bad)));
            h.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                    + "y2=\"%.1f\" stroke=\"#d62728\" stroke-dasharray=\"5 3\"><title>threshold %s %s</title></line>",
                    LEFT, ty, WIDTH - RIGHT, ty, escape(threshold.comparison().symbol()),
                    PageStyle.plain(threshold.value())));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#d62728\">"
                    + "%s %s</text>", WIDTH - RIGHT - 3, falling ? ty - 3 : ty + 11,
                    escape(threshold.comparison().symbol()), PageStyle.plain(threshold.value())));
        }
        h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, TOP, WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP));
        for (int i = 0; i <= 2; i++) {
            double v = lo + (hi - lo) * i / 2;
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4,
                    y.at(v) + 3, tick(v)));
        }
        long seconds = (long) (t1 - t0);
        DateTimeFormatter format = seconds <= 3600 ? SECONDS : seconds <= 86_400 ? MINUTES : DAYS;
        for (int i = 0; i < TICKS; i++) {
            double t = t0 + (t1 - t0) * (i + 0.5) / TICKS;
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x.at(t), HEIGHT - BOTTOM,
                    x.at(t), HEIGHT - BOTTOM + 4, x.at(t), HEIGHT - BOTTOM + 15,
                    format.format(Instant.ofEpochSecond((long) t))));
        }
        String day = format == DAYS ? "" : ", " + DAYS.format(Instant.ofEpochSecond((long) t1));
        h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
                + "time (UTC%s)</text>", (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 4, day));
        for (Point p : points) {
            if (p.hasInterval()) {
                double px = x.at(seconds(p.at()));
                double y0 = y.at(Math.max(lo, p.lower()));
                double y1 = y.at(Math.min(hi, p.upper()));
                h.append(String.format(Locale.ROOT, "<path class=\"error-bar\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f"
                        + " %.1fH%.1f\" stroke=\"#1f77b4\" stroke-opacity=\"0.55\" fill=\"none\"><title>%s interval"
                        + " %s&#8211;%s</title></path>", px, y0, y1, px - 3, y0, px + 3, px - 3, y1, px + 3,
                        escape(p.label()), HtmlReport.num(p.lower()), HtmlReport.num(p.upper())));
            }
        }
        StringBuilder line = new StringBuilder();
        for (Point p : points) {
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(seconds(p.at())), y.at(p.value())));
        }
        h.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(line)
                .append("\"/>");
        for (Point p : points) {
            boolean breaching = threshold != null && threshold.breaches(p);
            boolean outside = band != null && band.outside(p.value());
            String color = breaching ? "#d62728" : "#1f77b4";
            h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" stroke=\"%s\""
                    + "%s><title>%s: %s%s</title></circle>", x.at(seconds(p.at())), y.at(p.value()),
                    p.champion() ? color : "#fff", outside ? "#d62728" : color,
                    outside ? " stroke-width=\"2\"" : "", escape(p.label()), HtmlReport.num(p.value()),
                    outside ? " (outside the stability band)" : ""));
        }
        h.append("</svg><figcaption>").append(escape(metric));
        if (threshold != null) {
            h.append(" <span class=\"meta\">(alarm when ").append(threshold.onBound()
                    ? (threshold.comparison().alarmsWhenFalling() ? "the upper" : "the lower") + " bound " : "")
                    .append(escape(threshold.comparison().symbol())).append(' ')
                    .append(PageStyle.plain(threshold.value())).append(")</span>");
        }
        h.append("</figcaption></figure>");
    }

    /**
     * The value axis {lo, hi}: the points, their intervals, the band and the threshold, a tenth of their span as
     * margin (an axis from 0 when 0 is nearer than the span), kept inside the metric's {@link VigilMetric#range}.
     */
    static double[] valueAxis(String metric, List<Point> points, Threshold threshold, MetricStability band) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            lo = Math.min(lo, p.hasInterval() ? Math.min(p.value(), p.lower()) : p.value());
            hi = Math.max(hi, p.hasInterval() ? Math.max(p.value(), p.upper()) : p.value());
        }
        if (threshold != null) {
            lo = Math.min(lo, threshold.value());
            hi = Math.max(hi, threshold.value());
        }
        if (band != null) {
            lo = Math.min(lo, band.lower());
            hi = Math.max(hi, band.upper());
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        ValueRange range = VigilMetric.bySeriesName(metric).map(VigilMetric::range).orElse(ValueRange.UNBOUNDED);
        lo = range.clamp(lo);
        hi = range.clamp(hi);
        double span = hi - lo;
        if (span < 1e-9) {
            span = Math.max(Math.abs(hi) * 0.1, 0.05);
        }
        lo = lo > 0 && lo < span ? 0 : lo - span * 0.1;
        hi += span * 0.1;
        lo = range.clamp(lo);
        hi = range.clamp(hi);
        if (hi - lo < 1e-9) {
            // A flat series at the range's edge (accuracy 1.0 every run): open the axis inward.
            if (hi >= range.max()) {
                lo = hi - span;
            } else {
                hi = lo + span;
            }
        }
        return new double[] {lo, hi};
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond();
    }

    private static String tick(double v) {
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** A linear map from [v0, v1] onto [p0, p1] (pixels; p1 may be below p0). */
    private record Scale(double v0, double v1, double p0, double p1) {
        double at(double v) {
            return p0 + (v - v0) / (v1 - v0) * (p1 - p0);
        }
    }
}
