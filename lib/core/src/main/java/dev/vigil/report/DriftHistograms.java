package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;

import dev.vigil.drift.BinProportions;
import dev.vigil.drift.DriftReport;
import dev.vigil.drift.DriftThresholds;
import dev.vigil.drift.FeatureDrift;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The drift section's story: how many features drifted, by which thresholds, and per feature the baseline's share
 * of rows in each bin beside the live share (grey against blue, red for a drifted feature), most drifted first.
 * A report written before bin proportions were recorded gets the sentence without the histograms.
 */
final class DriftHistograms {
    /** The most histograms drawn; the rest are counted in the sentence and the PSI bars. */
    static final int MAX_CHARTS = 24;
    private static final int WIDTH = 260;
    private static final int HEIGHT = 120;
    private static final int LEFT = 42;
    private static final int BOTTOM = 26;
    private static final int TOP = 8;

    private DriftHistograms() {}

    /** {@code 3 of 12 features drifted (PSI above 0.2 or KS above 0.1): a, b, c. The prediction did not.} */
    static String summary(DriftReport drift, DriftThresholds thresholds) {
        List<String> drifted = drift.features().stream().filter(FeatureDrift::drifted).map(FeatureDrift::feature)
                .toList();
        int tracked = drift.features().size();
        StringBuilder s = new StringBuilder();
        s.append(drifted.size()).append(" of ").append(tracked).append(tracked == 1 ? " feature" : " features")
                .append(" drifted");
        if (thresholds != null) {
            s.append(" (PSI above ").append(PageStyle.plain(thresholds.psi())).append(" or KS above ")
                    .append(PageStyle.plain(thresholds.ks())).append(')');
        }
        s.append(drifted.isEmpty() ? "." : ": " + String.join(", ", drifted) + ".");
        if (drift.prediction() != null) {
            s.append(drift.prediction().drifted() ? " The prediction drifted too (PSI "
                    + HtmlReport.num(drift.prediction().psi()) + ")." : " The prediction did not drift.");
        }
        if (!drift.untracked().isEmpty()) {
            s.append(' ').append(drift.untracked().size()).append(" more could not be measured (capture withheld")
                    .append(drift.untracked().size() == 1 ? " it)." : " them).");
        }
        return s.toString();
    }

    /** Appends the per-feature histograms of {@code drift}; nothing when no feature carries bin proportions. */
    static void render(StringBuilder h, DriftReport drift) {
        List<FeatureDrift> rows = new ArrayList<>(drift.features());
        if (drift.prediction() != null) {
            rows.add(drift.prediction());
        }
        List<FeatureDrift> charted = rows.stream().filter(f -> f.bins() != null)
                .sorted(Comparator.comparing((FeatureDrift f) -> !f.drifted())
                        .thenComparing(f -> Double.isFinite(f.psi()) ? -f.psi() : 0.0))
                .limit(MAX_CHARTS).toList();
        if (charted.isEmpty()) {
            return;
        }
        h.append("<h3>Baseline against live, per bin</h3><p class=\"meta\">Share of rows in each of the baseline's")
                .append(" bins: <span style=\"color:#999\">&#9632;</span> baseline, <span style=\"color:#1f77b4\">")
                .append("&#9632;</span> live (<span style=\"color:#d62728\">&#9632;</span> when the feature drifted);")
                .append(" the first and last bins are open-ended.");
        long withBins = rows.stream().filter(f -> f.bins() != null).count();
        if (withBins > charted.size()) {
            h.append(" The ").append(charted.size()).append(" most drifted of ").append(withBins).append(" are shown.");
        }
        h.append("</p><div class=\"row\">");
        for (FeatureDrift f : charted) {
            chart(h, f);
        }
        h.append("</div>");
    }

    private static void chart(StringBuilder h, FeatureDrift f) {
        BinProportions b = f.bins();
        int n = b.bins();
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(b.reference().get(i), b.live().get(i)));
        }
        max = max <= 0 ? 1 : max * 1.1;
        double plotWidth = WIDTH - LEFT - 6;
        double slot = plotWidth / n;
        double bar = Math.max(1, slot * 0.42);
        double plotHeight = HEIGHT - BOTTOM - TOP;
        String live = f.drifted() ? "#d62728" : "#1f77b4";
        h.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-size=\"10\">");
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", LEFT,
                HEIGHT - BOTTOM, WIDTH - 6, HEIGHT - BOTTOM));
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LEFT - 3,
                TOP + 8, percent(max)));
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", LEFT - 3,
                HEIGHT - BOTTOM));
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * slot + slot / 2 - bar;
            double ref = b.reference().get(i);
            double now = b.live().get(i);
            String range = range(b, i);
            h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"#bbb\"><title>%s: baseline %s</title></rect>", x, HEIGHT - BOTTOM - ref / max
                    * plotHeight, bar, ref / max * plotHeight, escape(range), percent(ref)));
            h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"%s\"><title>%s: live %s</title></rect>", x + bar, HEIGHT - BOTTOM - now / max
                    * plotHeight, bar, now / max * plotHeight, live, escape(range), percent(now)));
        }
        List<Double> edges = b.edges();
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">%s</text>", LEFT,
                HEIGHT - BOTTOM + 12, escape("< " + compact(edges.get(1)))));
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", WIDTH - 6,
                HEIGHT - BOTTOM + 12, escape("\u2265 " + compact(edges.get(edges.size() - 2)))));
        h.append("</svg><figcaption>").append(f.drifted() ? "<strong class=\"flag\">" : "")
                .append(escape(f.feature())).append(f.drifted() ? "</strong>" : "").append(" <span class=\"meta\">PSI ")
                .append(HtmlReport.num(f.psi())).append(", KS ").append(HtmlReport.num(f.ks()))
                .append("</span></figcaption></figure>");
    }

    /** {@code < 3.2}, {@code [3.2, 4.1)}, {@code >= 9.8}: the values bin {@code i} holds. */
    private static String range(BinProportions b, int i) {
        List<Double> e = b.edges();
        if (b.bins() == 1) {
            return "every value";
        }
        if (i == 0) {
            return "below " + compact(e.get(1));
        }
        if (i == b.bins() - 1) {
            return compact(e.get(i)) + " and above";
        }
        return "[" + compact(e.get(i)) + ", " + compact(e.get(i + 1)) + ")";
    }

    private static String compact(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }
}
