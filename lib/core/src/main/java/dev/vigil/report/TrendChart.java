package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;

import dev.vigil.alarms.AlarmRule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG chart of one metric over time: a UTC time axis, the alarm threshold as a dashed line with the
 * breaching side shaded, and one point per run (filled for the champion's runs, hollow for challengers', red when
 * breaching). The value axis spans the points and the threshold with a tenth of their span as margin (from 0 when
 * that is nearer than the span), clamped to [0, 1] when every value lies there, so a flat series never gets an axis
 * beyond a proportion's range.
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

    /** One run's value. */
    record Point(Instant at, double value, boolean champion, String label) {}

    private TrendChart() {}

    /** Appends a {@code <figure>} charting {@code points} (at least one) against {@code rule} (null: none). */
    static void render(StringBuilder h, String metric, List<Point> points, AlarmRule rule) {
        double t0 = points.stream().mapToDouble(p -> seconds(p.at())).min().orElse(0);
        double t1 = points.stream().mapToDouble(p -> seconds(p.at())).max().orElse(0);
        double pad = t1 > t0 ? Math.max(1, (t1 - t0) * 0.04) : 1800;
        t0 -= pad;
        t1 += pad;
        double lo = points.stream().mapToDouble(Point::value).min().orElse(0);
        double hi = points.stream().mapToDouble(Point::value).max().orElse(1);
        if (rule != null) {
            lo = Math.min(lo, rule.threshold());
            hi = Math.max(hi, rule.threshold());
        }
        boolean proportion = lo >= 0 && hi <= 1;
        double span = hi - lo;
        if (span < 1e-9) {
            span = Math.max(Math.abs(hi) * 0.1, 0.05);
        }
        lo = lo > 0 && lo < span ? 0 : lo - span * 0.1;
        hi += span * 0.1;
        if (proportion) {
            lo = Math.max(0, lo);
            hi = Math.min(1, hi);
        }
        Scale x = new Scale(t0, t1, LEFT, WIDTH - RIGHT);
        Scale y = new Scale(lo, hi, HEIGHT - BOTTOM, TOP);
        h.append("<figure class=\"trend\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" font-size=\"10\" role=\"img\" aria-label=\"").append(escape(metric))
                .append(" over time\">");
        if (rule != null) {
            double ty = y.at(rule.threshold());
            double bad = rule.comparison().alarmsWhenFalling() ? HEIGHT - BOTTOM - ty : ty - TOP;
            double top = rule.comparison().alarmsWhenFalling() ? ty : TOP;
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                    + "fill=\"#d62728\" fill-opacity=\"0.07\"/>", LEFT, top, WIDTH - RIGHT - LEFT, Math.max(0, bad)));
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\" "
                    + "stroke-dasharray=\"5 3\"><title>threshold %s %s</title></line>", LEFT, ty, WIDTH - RIGHT, ty,
                    escape(rule.comparison().symbol()), PageStyle.plain(rule.threshold())));
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#d62728\">"
                    + "%s %s</text>", WIDTH - RIGHT - 3, rule.comparison().alarmsWhenFalling() ? ty - 3 : ty + 11,
                    escape(rule.comparison().symbol()), PageStyle.plain(rule.threshold())));
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
        StringBuilder line = new StringBuilder();
        for (Point p : points) {
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(seconds(p.at())), y.at(p.value())));
        }
        h.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(line)
                .append("\"/>");
        for (Point p : points) {
            boolean breaching = rule != null && rule.breaches(p.value());
            String color = breaching ? "#d62728" : "#1f77b4";
            h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" stroke=\"%s\">"
                    + "<title>%s: %s</title></circle>", x.at(seconds(p.at())), y.at(p.value()),
                    p.champion() ? color : "#fff", color, escape(p.label()), HtmlReport.num(p.value())));
        }
        h.append("</svg><figcaption>").append(escape(metric));
        if (rule != null) {
            h.append(" <span class=\"meta\">(alarm when ").append(escape(rule.comparison().symbol())).append(' ')
                    .append(PageStyle.plain(rule.threshold())).append(")</span>");
        }
        h.append("</figcaption></figure>");
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
