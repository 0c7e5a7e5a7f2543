package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;

import dev.vigil.storage.StorageLayout;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What the model pages share: their stylesheet, the page head, badges, times and relative links. */
final class PageStyle {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;\
            color:#222;padding:0 16px}h1{margin-bottom:4px}h1 small{color:#666;font-weight:normal}\
            h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}\
            table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #e3e3e3;padding:3px 8px;\
            text-align:left;vertical-align:top}th{background:#f6f6f6}td.num{text-align:right;\
            font-variant-numeric:tabular-nums}.kv th{width:180px}.meta{color:#666}.scroll{overflow-x:auto}\
            .badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;white-space:nowrap}\
            .good{background:#2ca02c}.warn{background:#e07b00}.bad{background:#d62728}.none{background:#888}\
            .verdict{font-size:17px;margin:10px 0}.row{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}\
            figcaption{text-align:center;color:#444}svg{max-width:100%;height:auto}svg text{fill:#333}\
            nav{font-size:13px}code{font-size:12px;word-break:break-all}\
            @media (max-width:600px){body{margin:12px auto;padding:0 8px;font-size:13px}td,th{padding:2px 4px}\
            .kv th{width:auto}.wide{display:none}}""";

    private PageStyle() {}

    /** The document head and the opening of the body. */
    static void open(StringBuilder h, String title) {
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title><style>").append(CSS)
                .append("</style></head><body>");
    }

    /** A coloured badge; {@code kind} is one of good, warn, bad, none. */
    static String badge(String kind, String text) {
        return "<span class=\"badge " + kind + "\">" + escape(text) + "</span>";
    }

    /** {@code 2026-12-02 05:04:00} (UTC), or a dash. */
    static String time(Instant t) {
        return t == null ? "&mdash;" : TIME.format(t);
    }

    /** The link from a model's page to a run's HTML report. */
    static String runLink(String model, String runId) {
        return relative(model, StorageLayout.runPrefix(model, runId)) + StorageLayout.REPORT_HTML;
    }

    /** The link from a model's page to a retraining run's HTML report. */
    static String retrainLink(String model, String runId) {
        return relative(model, StorageLayout.retrainsPrefix(model)) + runId + "/" + StorageLayout.REPORT_HTML;
    }

    /** The link from the models page to a model's page. */
    static String modelLink(String model) {
        return relative(null, StorageLayout.modelPage(model));
    }

    /** {@code key} relative to the model's directory ({@code model} null: relative to the reports prefix). */
    private static String relative(String model, String key) {
        String base = model == null ? StorageLayout.REPORTS : StorageLayout.reportsPrefix(model);
        return key.substring(base.length());
    }

    /** {@code s} cut to {@code max} characters with an ellipsis. */
    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** {@code 0.2}, {@code 1}, {@code 0.7512}: at most four decimals, without trailing zeros. */
    static String plain(double v) {
        if (!Double.isFinite(v)) {
            return HtmlReport.num(v);
        }
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
