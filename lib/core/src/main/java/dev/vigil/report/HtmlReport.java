package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectedRow;
import dev.vigil.drift.DriftReport;
import dev.vigil.drift.FeatureDrift;
import dev.vigil.drift.FeatureRange;
import dev.vigil.drift.UntrackedFeature;
import dev.vigil.evaluation.ConfusionMatrix;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.json.Json;
import dev.vigil.metrics.Chart;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.storage.StorageLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Renders a {@link RunReport} as one self-contained HTML page (inline CSS and SVG, no scripts, no external assets):
 * summary, what a run over served traffic saw (join funnel, label delay, per-version results), metrics beside the
 * constant predictor, one sentence per quality alarm, confusion-matrix heatmap, ROC and PR curves, slices and
 * fairness, per-feature drift bars, metric history from the run index (with each run's confidence interval as an
 * error bar), rejected rows, and lineage.
 */
public final class HtmlReport {
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};
    /** Metrics charted in the history section, in catalog order, when the runs published them. */
    static final List<String> HISTORY_METRICS = VigilMetric.chartedOn(Chart.REPORT).stream()
            .map(VigilMetric::publishedName).toList();
    private static final int HISTORY_RUNS = 100;
    private static final int MAX_CHARTED_METRICS = 6;

    private HtmlReport() {}

    /** The page for {@code report}, with history from {@code index} (which may or may not include this run). */
    public static String render(RunReport report, RunIndex index) {
        StringBuilder h = new StringBuilder(32_768);
        EvaluatedModel m = report.model();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Vigil evaluation: ").append(escape(m.name())).append(" ").append(escape(m.version()))
                .append("</title><style>").append(CSS).append("</style></head><body>");
        modelPageLink(h);
        h.append("<h1>").append(escape(m.name())).append(" <small>").append(escape(m.version())).append(" (")
                .append(m.champion() ? "champion" : "challenger").append(")</small> <span class=\"badge ")
                .append(report.status().name().toLowerCase(Locale.ROOT)).append("\">")
                .append(report.status().name().replace('_', ' ').toLowerCase(Locale.ROOT)).append("</span></h1>");
        health(h, report);
        h.append("<p class=\"message\">").append(escape(report.message())).append("</p>");
        h.append("<p class=\"meta\">Run ").append(escape(report.runId())).append(" &middot; ")
                .append(escape(String.valueOf(report.startedAt()))).append(" &rarr; ")
                .append(escape(String.valueOf(report.finishedAt()))).append(" &middot; model sha256 <code>")
                .append(escape(m.sha256())).append("</code></p>");
        summary(h, report);
        ServedTrafficSection.render(h, report.traffic());
        alarms(h, report.alarms());
        metrics(h, report);
        if (report.metrics() != null && report.metrics().confusionMatrix() != null) {
            confusion(h, report.metrics().confusionMatrix());
        }
        curves(h, report.curves());
        SlicesSection.render(h, report.slices(), report.publishedSlices());
        EstimationSections.calibration(h, report.calibration());
        EstimationSections.estimation(h, report.estimation());
        EstimationSections.estimateCheck(h, report.estimateCheck());
        drift(h, report.drift(), report.configuration());
        history(h, report.runId(), report.published(), report.alarms(), index);
        rejections(h, report);
        lineage(h, report);
        return h.append("</body></html>").toString();
    }

    /** The link from a run report ({@code reports/<model>/runs/<runId>/}) up to its model's page. */
    private static void modelPageLink(StringBuilder h) {
        h.append("<nav class=\"meta\"><a href=\"../../").append(StorageLayout.PAGE_FILE)
                .append("\">&larr; the model's page</a></nav>");
    }

    private static void summary(StringBuilder h, RunReport r) {
        h.append("<section><h2>Rows</h2><table class=\"kv\">");
        row(h, "Rows read", Long.toString(r.rowsRead()));
        row(h, "Rows scored", Long.toString(r.rowsScored()));
        row(h, "Rows rejected", r.rowsRejected() + " (" + pct(r.rejectedFraction()) + ", limit "
                + (r.configuration() == null ? "?" : pct(r.configuration().maxRejectedFraction())) + ")");
        if (r.metrics() != null) {
            row(h, "Minimum sample size", r.metrics().minimumRows() + (r.metrics().largeEnoughToJudge()
                    ? " (reached)" : " (not reached: quality metrics not published)"));
        }
        h.append("</table></section>");
    }

    private static void metrics(StringBuilder h, RunReport r) {
        if (r.metrics() == null) {
            return;
        }
        h.append("<section><h2>Metrics</h2><table><tr><th>Metric</th><th>Model</th><th>Confidence interval</th>")
                .append("<th>Constant predictor</th><th>Status</th><th>Published</th></tr>");
        for (MetricValue v : r.metrics().metrics()) {
            String name = v.metric().publishedName();
            h.append("<tr><td>").append(escape(name)).append("</td><td class=\"num\">").append(num(v.value()))
                    .append("</td><td class=\"num\">").append(interval(v))
                    .append("</td><td class=\"num\">").append(num(v.constantPredictor())).append("</td><td>")
                    .append(escape(v.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))).append("</td><td>")
                    .append(r.published().containsKey(name) ? "yes" : "").append("</td></tr>");
        }
        h.append("</table>");
        if (!r.metrics().warnings().isEmpty()) {
            h.append("<ul class=\"warnings\">");
            r.metrics().warnings().forEach(w -> h.append("<li>").append(escape(w)).append("</li>"));
            h.append("</ul>");
        }
        h.append("</section>");
    }

    /**
     * The model's health on this run, apart from how the run ended: healthy when every quality alarm that judged it
     * is within threshold (or lacks the evidence of a breach), unhealthy naming each alarm it breaches and what
     * follows, or not judged.
     */
    static void health(StringBuilder h, RunReport report) {
        List<AlarmSentence> sentences = report.alarms();
        List<AlarmSentence> judged = sentences.stream()
                .filter(s -> s.verdict() != AlarmSentence.Verdict.NOT_JUDGED).toList();
        List<AlarmSentence> breached = judged.stream().filter(s -> s.verdict().breaches()).toList();
        String run = "the run " + report.status().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        h.append("<p class=\"health ");
        if (!breached.isEmpty()) {
            h.append("unhealthy\"><strong>Model unhealthy:</strong> ").append(breached.size()).append(" of ")
                    .append(judged.size()).append(" quality alarms breached (")
                    .append(escape(String.join(", ", breached.stream().map(AlarmSentence::metric).toList())))
                    .append("). ").append(report.model().champion()
                            ? "A champion's alarm in ALARM starts one retraining run, unless one started within the"
                                    + " cooldown or the champion was promoted within the rollback window (then it"
                                    + " is rolled back)."
                            : "This is a challenger: its metrics move no alarm.");
        } else if (!judged.isEmpty()) {
            h.append("healthy\"><strong>Model healthy:</strong> ").append(judged.size() == 1
                    ? "its quality alarm is" : "all " + judged.size() + " quality alarms are")
                    .append(" within threshold or without evidence of a breach.");
        } else {
            h.append("not-judged\"><strong>Health not judged:</strong> ").append(sentences.isEmpty()
                    ? "no quality alarm applies to this run (no metrics, or no threshold configured)."
                    : "too few rows or undefined metrics, so no quality alarm judges this run.");
        }
        h.append(" <span class=\"meta\">(").append(escape(run)).append(")</span></p>");
    }

    /** The plain sentence of each quality alarm on this run ({@link AlarmSentence}). */
    static void alarms(StringBuilder h, List<AlarmSentence> sentences) {
        if (sentences.isEmpty()) {
            return;
        }
        h.append("<section><h2>Alarms</h2><p class=\"meta\">What each quality alarm makes of this run. An alarm on")
                .append(" the bound fires only when the whole confidence interval is on the bad side of its")
                .append(" threshold.</p><ul class=\"alarms\">");
        for (AlarmSentence s : sentences) {
            h.append("<li class=\"").append(s.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .append("\">").append(s.verdict().breaches() ? "<strong>" : "").append(escape(s.text()))
                    .append(s.verdict().breaches() ? "</strong>" : "").append("</li>");
        }
        h.append("</ul></section>");
    }

    /** {@code 0.8012–0.8644 (95%, Wilson)}, or empty when the metric has no interval (the reason is in the docs). */
    static String interval(MetricValue v) {
        if (v.method() == null || !Double.isFinite(v.lower()) || !Double.isFinite(v.upper())) {
            return "";
        }
        String percent = num(100 * v.level());
        if (percent.contains(".")) {
            percent = percent.replaceFirst("0+$", "").replaceFirst("\\.$", "");
        }
        return num(v.lower()) + "&ndash;" + num(v.upper()) + " <span class=\"meta\">(" + percent + "%, "
                + escape(v.method().displayName()) + ")</span>";
    }

    private static void confusion(StringBuilder h, ConfusionMatrix matrix) {
        List<String> labels = matrix.labels();
        int c = labels.size();
        double[][] counts = matrix.counts();
        double max = 0;
        for (double[] row : counts) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        int cell = c <= 6 ? 64 : Math.max(18, 384 / c);
        int left = 90;
        int top = 40;
        int size = cell * c;
        h.append("<section><h2>Confusion matrix</h2>").append(svgOpen(left + size + 10, top + size + 40));
        h.append(text(left + size / 2.0, 14, "predicted", "middle"));
        h.append(text(12, top + size / 2.0, "true", "start"));
        for (int i = 0; i < c; i++) {
            h.append(text(left + i * cell + cell / 2.0, top - 6, clip(labels.get(i)), "middle"));
            h.append(text(left - 6, top + i * cell + cell / 2.0 + 4, clip(labels.get(i)), "end"));
            for (int j = 0; j < c; j++) {
                double v = counts[i][j];
                double t = max > 0 ? v / max : 0;
                h.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,%d)\" stroke=\"#fff\">"
                                + "<title>true %s, predicted %s: %s</title></rect>",
                        left + j * cell, top + i * cell, cell, cell, (int) (247 - 216 * t), (int) (251 - 132 * t),
                        (int) (255 - 75 * t), escape(labels.get(i)), escape(labels.get(j)), num(v)));
                if (cell >= 30) {
                    h.append(String.format(Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
                            left + j * cell + cell / 2.0, top + i * cell + cell / 2.0 + 4,
                            t > 0.5 ? "#fff" : "#222", compact(v)));
                }
            }
        }
        h.append("</svg></section>");
    }

    private static void curves(StringBuilder h, List<Curve> curves) {
        if (curves.isEmpty()) {
            return;
        }
        h.append("<section><h2>ROC and precision-recall curves</h2><div class=\"row\">");
        for (Curve.Kind kind : Curve.Kind.values()) {
            List<Curve> ofKind = curves.stream().filter(c -> c.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            boolean roc = kind == Curve.Kind.ROC;
            Plot plot = new Plot(320, 320, 0, 1, 0, 1);
            h.append("<figure>").append(plot.open());
            plot.axes(h, roc ? "false positive rate" : "recall", roc ? "true positive rate" : "precision");
            if (roc) {
                h.append(plot.line(new double[] {0, 1}, new double[] {0, 1}, "#bbb", "4 3"));
            }
            for (int i = 0; i < ofKind.size(); i++) {
                Curve curve = ofKind.get(i);
                h.append(plot.line(curve.x(), curve.y(), PALETTE[i % PALETTE.length], null));
            }
            h.append("</svg><figcaption>");
            for (int i = 0; i < ofKind.size(); i++) {
                Curve curve = ofKind.get(i);
                h.append("<span style=\"color:").append(PALETTE[i % PALETTE.length]).append("\">&#9632;</span> ")
                        .append(escape(curve.label())).append(roc ? " AUC " : " AP ").append(num(curve.area()))
                        .append(" ");
            }
            h.append("</figcaption></figure>");
        }
        h.append("</div></section>");
    }

    private static void drift(StringBuilder h, DriftReport drift, RunConfiguration configuration) {
        if (drift == null) {
            return;
        }
        List<FeatureDrift> rows = new ArrayList<>(drift.features());
        if (drift.prediction() != null) {
            rows.add(drift.prediction());
        }
        double max = rows.stream().mapToDouble(FeatureDrift::psi).filter(Double::isFinite).max().orElse(0);
        double scale = Math.max(max, 0.25) * 1.1;
        int left = 160;
        int width = 360;
        int bar = 18;
        h.append("<section><h2>Drift against the training baseline</h2><p class=\"verdict\">")
                .append(escape(DriftHistograms.summary(drift, configuration == null ? null
                        : configuration.driftThresholds()))).append("</p>");
        h.append("<p class=\"meta\">PSI per feature (bars) and ")
                .append("two-sample KS statistic; ").append(drift.exactKs() ? "KS exact" : "KS from a bounded sample")
                .append(", ").append(drift.rows()).append(" live rows.</p>")
                .append(svgOpen(left + width + 150, rows.size() * (bar + 6) + 30));
        for (int i = 0; i < rows.size(); i++) {
            FeatureDrift f = rows.get(i);
            int y = 10 + i * (bar + 6);
            double w = Double.isFinite(f.psi()) ? f.psi() / scale * width : 0;
            h.append(text(left - 6, y + bar - 5, clip(f.feature()), "end"));
            h.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: PSI %s, KS %s"
                            + "</title></rect>",
                    left, y, w, bar, f.drifted() ? "#d62728" : "#1f77b4", escape(f.feature()), num(f.psi()),
                    num(f.ks())));
            h.append(text(left + width + 8, y + bar - 5, "PSI " + num(f.psi()) + "  KS " + num(f.ks()), "start"));
        }
        int axis = rows.size() * (bar + 6) + 14;
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left,
                axis, left + width, axis));
        h.append(text(left, axis + 13, "0", "middle")).append(text(left + width, axis + 13, num(scale), "middle"));
        h.append("</svg>");
        DriftHistograms.render(h, drift);
        ranges(h, drift);
        h.append("</section>");
    }

    /** Per feature, the values outside the range the baseline observed, and the features capture withheld. */
    private static void ranges(StringBuilder h, DriftReport drift) {
        if (!drift.ranges().isEmpty()) {
            h.append("<p class=\"meta\">Inputs outside the range the baseline observed: ")
                    .append(pct(drift.inputOutOfRangeRate())).append(" of rows have at least one.</p>")
                    .append("<table><tr><th>Feature</th><th>Observed range</th><th>Below</th><th>Above</th>")
                    .append("<th>Out of range</th></tr>");
            for (FeatureRange r : drift.ranges()) {
                h.append("<tr><td>").append(escape(r.feature())).append("</td><td class=\"num\">")
                        .append(num(r.range().min())).append(" to ").append(num(r.range().max()))
                        .append(r.range().fromTrainingData() ? "" : " (histogram span)")
                        .append("</td><td class=\"num\">").append(r.belowMin()).append("</td><td class=\"num\">")
                        .append(r.aboveMax()).append("</td><td class=\"num\">").append(pct(r.outOfRangeRate()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        for (UntrackedFeature u : drift.untracked()) {
            h.append("<p class=\"meta\">").append(escape(u.feature())).append(" is not tracked: capture ")
                    .append(u.reason() == UntrackedFeature.Reason.DROPPED ? "drops it" : "pseudonymises it")
                    .append(".</p>");
        }
    }

    /** The history section without alarm thresholds ({@link #history(StringBuilder, String, Map, List, RunIndex)}). */
    static void history(StringBuilder h, String runId, Map<String, Double> published, RunIndex index) {
        history(h, runId, published, List.of(), index);
    }

    /**
     * The history section: the metrics the model's quality alarms watch ({@code alarms}, in rule order), then the
     * report's charted metrics, each over the index's last runs on a time axis ({@link TrendChart}) with the alarm's
     * threshold, each run's confidence interval, and the band of its stability over the champion's runs before
     * {@code runId} ({@link MetricStability}); this run is flagged when it lies outside the band.
     */
    static void history(StringBuilder h, String runId, Map<String, Double> published, List<AlarmSentence> alarms,
            RunIndex index) {
        if (index == null || index.runs().isEmpty()) {
            return;
        }
        List<RunIndex.Entry> runs = index.runs().subList(Math.max(0, index.runs().size() - HISTORY_RUNS),
                index.runs().size()).stream().filter(e -> e.finishedAt() != null).toList();
        Map<String, TrendChart.Threshold> thresholds = new LinkedHashMap<>();
        for (AlarmSentence a : alarms == null ? List.<AlarmSentence>of() : alarms) {
            if (a.comparison() != null && a.threshold() != null) {
                thresholds.putIfAbsent(a.metric(), new TrendChart.Threshold(a.comparison(), a.threshold(),
                        a.alarmOn() == AlarmOn.BOUND));
            }
        }
        List<String> candidates = new ArrayList<>(thresholds.keySet());
        HISTORY_METRICS.stream().filter(name -> !candidates.contains(name)).forEach(candidates::add);
        List<String> charted = candidates.stream()
                .filter(name -> runs.stream().anyMatch(r -> r.metrics().containsKey(name)))
                .limit(MAX_CHARTED_METRICS).toList();
        Map<String, MetricStability> bands = MetricStability.before(index, runId, charted,
                MetricStability.DEFAULT_RUNS);
        h.append("<section><h2>History</h2><p class=\"meta\">The last ").append(runs.size())
                .append(" runs of the index on a UTC time axis; filled points are the champion's runs, hollow ones")
                .append(" challengers'. A dashed red line is the alarm's threshold, its breaching side shaded; a red")
                .append(" point breached it. The shaded blue band is each metric's mean &plusmn; ")
                .append(num(MetricStability.BAND_SDS)).append(" standard deviations over the champion's last ")
                .append(MetricStability.DEFAULT_RUNS).append(" runs before this one (at least ")
                .append(MetricStability.MIN_RUNS).append("); a point outside it is ringed red. Vertical bars are")
                .append(" each run's confidence interval, from the bounds it published.</p>")
                .append("<div class=\"row\">");
        for (String name : charted) {
            List<TrendChart.Point> points = new ArrayList<>();
            VigilMetric metric = VigilMetric.byName(name).orElse(null);
            boolean bounded = metric != null && metric.publishesBounds();
            for (RunIndex.Entry e : runs) {
                Double v = e.metrics().get(name);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                Double lower = bounded ? e.metrics().get(MetricBound.LOWER.nameOf(metric)) : null;
                Double upper = bounded ? e.metrics().get(MetricBound.UPPER.nameOf(metric)) : null;
                points.add(new TrendChart.Point(e.finishedAt(), v, lower == null ? Double.NaN : lower,
                        upper == null ? Double.NaN : upper, e.champion(), name + " " + e.runId() + " "
                        + e.version()));
            }
            if (points.isEmpty()) {
                continue;
            }
            MetricStability band = bands.get(name);
            StringBuilder figure = new StringBuilder();
            TrendChart.render(figure, name, points, thresholds.get(name), band);
            Double now = published == null ? null : published.get(name);
            if (band != null && now != null && Double.isFinite(now)) {
                String note = band.outside(now) ? " &middot; <strong class=\"flag\">this run's " + num(now)
                        + " is outside the band " + num(band.lower()) + "&ndash;" + num(band.upper()) + "</strong>"
                        : " &middot; this run's " + num(now) + " is within the band " + num(band.lower())
                        + "&ndash;" + num(band.upper());
                figure.insert(figure.lastIndexOf("</figcaption>"), note);
            }
            h.append(figure);
        }
        h.append("</div><table><tr><th>Run</th><th>Version</th><th>Status</th><th>Rows scored</th>")
                .append("<th>Message</th></tr>");
        List<RunIndex.Entry> all = index.runs();
        for (int i = all.size() - 1; i >= Math.max(0, all.size() - 20); i--) {
            RunIndex.Entry e = all.get(i);
            h.append("<tr><td>").append(escape(e.runId())).append("</td><td>").append(escape(e.version()))
                    .append(e.champion() ? "" : " (challenger)").append("</td><td>")
                    .append(escape(e.status().name().toLowerCase(Locale.ROOT))).append("</td><td class=\"num\">")
                    .append(e.rowsScored()).append("</td><td>").append(escape(e.message())).append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void rejections(StringBuilder h, RunReport r) {
        if (r.rejections().total() == 0) {
            return;
        }
        h.append("<section><h2>Rejected rows</h2><table><tr><th>Reason</th><th>Rows</th></tr>");
        for (RejectReason reason : RejectReason.values()) {
            long n = r.rejections().count(reason);
            if (n > 0) {
                h.append("<tr><td>").append(reason.code()).append("</td><td class=\"num\">").append(n)
                        .append("</td></tr>");
            }
        }
        h.append("</table><table><tr><th>Object</th><th>Record</th><th>Id</th><th>Reason</th><th>Detail</th>")
                .append("<th>Excerpt</th></tr>");
        for (RejectedRow e : r.rejections().examples()) {
            h.append("<tr><td>").append(escape(e.key())).append("</td><td class=\"num\">").append(e.record())
                    .append("</td><td>").append(escape(e.id())).append("</td><td>").append(e.reason().code())
                    .append("</td><td>").append(escape(e.detail())).append("</td><td><code>")
                    .append(escape(e.excerpt())).append("</code></td></tr>");
        }
        h.append("</table></section>");
    }

    private static void lineage(StringBuilder h, RunReport r) {
        h.append("<section><h2>Lineage</h2>");
        if (r.lineage() != null) {
            h.append("<p class=\"meta\">").append(escape(r.lineage().dataLocation())).append(" &middot; partitions ")
                    .append(escape(String.join(", ", r.lineage().partitions()))).append(" &middot; ")
                    .append(r.lineage().shards()).append(" shard(s)</p>");
            h.append("<table><tr><th>Object</th><th>ETag / version</th><th>Format</th><th>Rows read</th>")
                    .append("<th>Rejected</th><th>Note</th></tr>");
            for (ObjectRead o : r.lineage().objects()) {
                String note = o.error() != null ? o.error()
                        : o.missingColumns().isEmpty() ? "" : "missing columns " + o.missingColumns();
                h.append("<tr><td>").append(escape(o.key())).append("</td><td><code>").append(escape(o.eTag()))
                        .append(o.versionId() == null ? "" : " / " + escape(o.versionId())).append("</code></td><td>")
                        .append(o.format() == null ? "" : o.format().code()).append(o.gzip() ? "+gzip" : "")
                        .append("</td><td class=\"num\">").append(o.rowsRead()).append("</td><td class=\"num\">")
                        .append(o.rowsRejected()).append("</td><td>").append(escape(note)).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h3>Configuration</h3><pre>").append(escape(Json.toPrettyString(r.configuration()))).append("</pre>");
        h.append("</section>");
    }

    /** A linear x/y mapping into an SVG with margins for axes. */
    private record Plot(int width, int height, double x0, double x1, double y0, double y1) {
        static final int LEFT = 48;
        static final int BOTTOM = 34;
        static final int PAD = 10;

        String open() {
            return svgOpen(width, height);
        }

        double x(double v) {
            return LEFT + (v - x0) / (x1 - x0) * (width - LEFT - PAD);
        }

        double y(double v) {
            return height - BOTTOM - (v - y0) / (y1 - y0) * (height - BOTTOM - PAD);
        }

        void axes(StringBuilder h, String xLabel, String yLabel) {
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#888\"/>", LEFT, PAD, width - LEFT - PAD, height - BOTTOM - PAD));
            h.append(text(x(x0), height - BOTTOM + 14, compact(x0), "middle"))
                    .append(text(x(x1), height - BOTTOM + 14, compact(x1), "middle"))
                    .append(text(LEFT - 4, y(y0), compact(y0), "end"))
                    .append(text(LEFT - 4, y(y1) + 8, compact(y1), "end"))
                    .append(text((LEFT + width - PAD) / 2.0, height - 4, xLabel, "middle"))
                    .append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" "
                            + "transform=\"rotate(-90 12 %.1f)\">%s</text>", (height - BOTTOM) / 2.0,
                            (height - BOTTOM) / 2.0, escape(yLabel)));
        }

        String line(double[] xs, double[] ys, String color, String dash) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(xs[i]), y(ys[i])));
                }
            }
            return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\""
                    + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + " points=\"" + points + "\"/>";
        }
    }

    private static String svgOpen(int width, int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-size=\"11\">";
    }

    private static String text(double x, double y, String s, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                escape(s));
    }

    static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v)).append("</td></tr>");
    }

    private static String clip(String s) {
        return s.length() <= 18 ? s : s.substring(0, 17) + "…";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String compact(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;\
            color:#222;padding:0 16px}h1 small{color:#666;font-weight:normal}h2{border-bottom:1px solid #ddd;\
            padding-bottom:4px;margin-top:32px}table{border-collapse:collapse;margin:8px 0}\
            td,th{border:1px solid #e3e3e3;\
            padding:3px 8px;text-align:left;vertical-align:top}th{background:#f6f6f6}td.num{text-align:right;\
            font-variant-numeric:tabular-nums}.kv th{width:200px}.kv.wide th{width:360px}.meta{color:#666}\
            .message{font-size:16px}\
            .badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;vertical-align:middle}\
            .succeeded{background:#2ca02c}.no_data{background:#ff7f0e}.failed{background:#d62728}\
            .row{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{text-align:center;color:#444}\
            code{font-size:12px;word-break:break-all}pre{background:#f6f6f6;padding:8px;overflow:auto}\
            .warnings{color:#8a5a00}svg text{fill:#333}svg{max-width:100%;height:auto}.verdict{font-size:16px}\
            .flag{color:#d62728}.alarms li{margin:2px 0}.alarms .confidently-bad,\
            .alarms .bad{color:#b21f1f}.alarms .not-enough-evidence{color:#8a5a00}\
            .alarms .within-threshold{color:#1e7a1e}.alarms .not-judged{color:#666}\
            .health{padding:8px 12px;border-radius:4px;font-size:15px}.health.unhealthy{background:#fde8e8}\
            .health.healthy{background:#e6f4ea}.health.not-judged{background:#f1f1f1}""";
}
