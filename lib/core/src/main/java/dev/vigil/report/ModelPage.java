package dev.vigil.report;

import static dev.vigil.report.HtmlText.escape;
import static dev.vigil.report.PageStyle.badge;
import static dev.vigil.report.PageStyle.clip;
import static dev.vigil.report.PageStyle.time;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Provenance;
import dev.vigil.registry.ChampionPointer;
import dev.vigil.storage.StorageLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders a model's page ({@code reports/<model>/index.html}) from a {@link ModelSnapshot}: one self-contained HTML
 * document (inline CSS and SVG, no scripts, only relative links) with the verdict on the latest run, the champion,
 * the alarm rules judged on that run, a trend chart per alarmed metric, the version timeline, and a link to every run
 * and retraining report. The same snapshot always renders the same bytes.
 */
public final class ModelPage {
    /** The most runs listed in the runs table (the run index holds at most {@link RunIndex#MAX_RUNS}). */
    static final int MAX_LISTED_RUNS = RunIndex.MAX_RUNS;
    private static final int MESSAGE_CHARS = 180;

    private ModelPage() {}

    /** One event of a model's versions, for the timeline. */
    record Event(Instant at, String kind, String version, String detail, String link) {}

    /** The verdict on a model's latest run: a badge kind, a short word and a sentence. */
    record Verdict(String kind, String word, String sentence) {}

    /** The page of {@code s}. */
    public static String render(ModelSnapshot s) {
        StringBuilder h = new StringBuilder(32_768);
        PageStyle.open(h, "Vigil: " + s.model());
        h.append("<nav><a href=\"../").append(StorageLayout.PAGE_FILE).append("\">&larr; all models</a></nav>");
        Verdict verdict = verdict(s);
        h.append("<h1>").append(escape(s.model())).append(" <small>")
                .append(s.task() == null ? "" : escape(PageStyle.lower(s.task()))).append("</small></h1>");
        h.append("<p class=\"verdict\">").append(badge(verdict.kind(), verdict.word())).append(' ')
                .append(escape(verdict.sentence())).append("</p>");
        h.append("<p class=\"meta\">As of ").append(time(asOf(s))).append(" UTC. Rewritten by every evaluation run and")
                .append(" retraining run.</p>");
        champion(h, s);
        alarms(h, s);
        trends(h, s);
        timeline(h, s);
        runs(h, s);
        retrains(h, s);
        return h.append("</body></html>").toString();
    }

    /** What the latest run says of the model, in one badge and one sentence. */
    static Verdict verdict(ModelSnapshot s) {
        RunIndex.Entry latest = s.latestRun();
        if (latest == null) {
            return new Verdict("none", "no runs", "No evaluation run has been recorded yet.");
        }
        List<AlarmCheck> checks = s.checks();
        List<String> breaching = checks.stream().filter(AlarmCheck::breaching).map(ModelPage::describe).toList();
        String run = "The latest run (" + time(latest.finishedAt()) + ", " + latest.version() + ")";
        if (latest.status() == RunStatus.FAILED) {
            return new Verdict("bad", "failed", run + " failed: " + latest.message());
        }
        if (latest.status() == RunStatus.NO_DATA) {
            return new Verdict("warn", "no data", run + " found no data: " + latest.message());
        }
        if (!breaching.isEmpty()) {
            return new Verdict("bad", breaching.size() + (breaching.size() == 1 ? " alarm" : " alarms"),
                    "Breaching: " + String.join("; ", breaching) + ".");
        }
        boolean judged = checks.stream().anyMatch(c -> c.state() == AlarmCheck.State.OK
                && c.rule().category() != AlarmCategory.EVALUATION);
        return judged ? new Verdict("good", "healthy", "Every alarm rule passes on the champion's newest runs; "
                + "the latest run (" + time(latest.finishedAt()) + ", " + latest.version() + ") succeeded.")
                : new Verdict("warn", "not judged", "No quality or drift alarm has a value to judge yet: "
                        + latest.message());
    }

    /** {@code F1Binary 0.2500 < 0.7 (run 20261202T...)}. */
    private static String describe(AlarmCheck c) {
        return c.rule().metricName() + " " + PageStyle.plain(c.value()) + " " + c.rule().comparison().symbol() + " "
                + PageStyle.plain(c.rule().threshold()) + (c.runId() == null ? "" : " (run " + c.runId() + ")");
    }

    /** The newest time anything on the page happened. */
    private static Instant asOf(ModelSnapshot s) {
        List<Instant> times = new ArrayList<>();
        s.index().runs().forEach(e -> times.add(e.finishedAt()));
        s.retrains().forEach(r -> times.add(r.finishedAt() != null ? r.finishedAt() : r.startedAt()));
        s.versions().forEach(v -> times.add(v.createdAt()));
        if (s.champion() != null) {
            times.add(s.champion().promotedAt());
        }
        return times.stream().filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    private static void champion(StringBuilder h, ModelSnapshot s) {
        h.append("<section><h2>Champion</h2><table class=\"kv\">");
        ChampionPointer c = s.champion();
        if (c == null) {
            row(h, "Champion", "none: no version has been promoted");
        } else {
            row(h, "Champion", escape(c.version()) + (c.restored() ? " (restored by rolling back "
                    + escape(c.rolledBackFrom()) + ")" : ""));
            row(h, c.restored() ? "Restored at" : "Promoted at", time(c.promotedAt()) + " UTC");
            row(h, "Why", escape(c.reason()));
            row(h, "Artifact sha256", "<code>" + escape(c.sha256()) + "</code>");
        }
        RunIndex.Entry latest = s.latestRun();
        if (latest != null) {
            row(h, "Latest run", "<a href=\"" + escape(PageStyle.runLink(s.model(), latest.runId())) + "\">"
                    + escape(latest.runId()) + "</a> " + badge(statusKind(latest.status()),
                    PageStyle.lower(latest.status())) + " " + time(latest.finishedAt()) + " UTC");
            row(h, "Rows", latest.rowsScored() + " scored, " + latest.rowsRejected() + " rejected");
            row(h, "Message", escape(latest.message()));
        }
        h.append("</table></section>");
    }

    private static void alarms(StringBuilder h, ModelSnapshot s) {
        h.append("<section><h2>Alarms</h2><p class=\"meta\">Judged from the values the champion's runs published, as")
                .append(" CloudWatch judges one datapoint per run: a quality or drift alarm keeps the verdict of the")
                .append(" newest run that published its metric. The rules are the ones the CDK app creates in")
                .append(" CloudWatch and the local runner evaluates")
                .append(" (thresholds: ").append(escape(s.thresholds() == null ? "Vigil's defaults" : s.thresholds()))
                .append("). These states are not read from CloudWatch.</p>");
        if (s.rulesProblem() != null) {
            h.append("<p>No alarm rule is judged: ").append(escape(s.rulesProblem())).append("</p></section>");
            return;
        }
        List<AlarmCheck> checks = s.checks();
        if (checks.isEmpty()) {
            h.append("<p>Nothing to judge before the first run.</p></section>");
            return;
        }
        h.append("<div class=\"scroll\"><table><tr><th>Alarm</th><th>Condition</th><th>Value</th>")
                .append("<th>State</th><th class=\"wide\">From run</th><th class=\"wide\">On alarm</th></tr>");
        List<AlarmCheck> ordered = new ArrayList<>(checks);
        ordered.sort(Comparator.comparing(AlarmCheck::state));
        for (AlarmCheck c : ordered) {
            AlarmRule r = c.rule();
            String state = switch (c.state()) {
                case BREACHING -> badge("bad", "breaching");
                case OK -> badge("good", "ok");
                case NOT_PUBLISHED -> badge("none", "not published");
            };
            h.append("<tr><td>").append(escape(r.metricName())).append("</td><td>")
                    .append(escape(r.comparison().symbol())).append(' ').append(PageStyle.plain(r.threshold()))
                    .append("</td><td class=\"num\">").append(c.value() == null ? "" : PageStyle.plain(c.value()))
                    .append("</td><td>").append(state).append("</td><td class=\"wide\">").append(c.runId() == null ? ""
                            : "<a href=\"" + escape(PageStyle.runLink(s.model(), c.runId())) + "\">"
                            + escape(c.runId()) + "</a>").append("</td><td class=\"wide\">")
                    .append(r.triggersRetrain() ? "starts a retrain" : "notifies a person").append("</td></tr>");
        }
        h.append("</table></div></section>");
    }

    private static void trends(StringBuilder h, ModelSnapshot s) {
        List<RunIndex.Entry> runs = s.index().runs();
        List<AlarmRule> charted = s.rules().stream().filter(r -> r.category() != AlarmCategory.EVALUATION)
                .filter(r -> runs.stream().anyMatch(e -> e.metrics().containsKey(r.metric().publishedName())))
                .toList();
        if (charted.isEmpty()) {
            return;
        }
        h.append("<section><h2>Trends</h2><p class=\"meta\">Each alarmed metric over the run index's ")
                .append(runs.size()).append(" runs; the dashed line is the alarm threshold and the shaded side")
                .append(" breaches it. Filled points are the champion's runs, hollow ones challengers'; vertical bars")
                .append(" are each run's confidence interval, and a red point breached the alarm (on its confidently")
                .append(" bad bound where the alarm compares the bound).</p><div class=\"row\">");
        for (AlarmRule rule : charted) {
            VigilMetric metric = rule.metric();
            List<TrendChart.Point> points = new ArrayList<>();
            for (RunIndex.Entry e : runs) {
                Double v = e.metrics().get(metric.publishedName());
                if (v != null && Double.isFinite(v) && e.finishedAt() != null) {
                    points.add(new TrendChart.Point(e.finishedAt(), v, bound(e, metric, MetricBound.LOWER),
                            bound(e, metric, MetricBound.UPPER), e.champion(), e.runId() + " " + e.version()));
                }
            }
            TrendChart.render(h, metric.publishedName(), points, TrendChart.Threshold.of(rule), null);
        }
        h.append("</div></section>");
    }

    /** The run's published {@code bound} of {@code metric}, NaN when it published none. */
    private static double bound(RunIndex.Entry e, VigilMetric metric, MetricBound bound) {
        Double v = metric.publishesBounds() ? e.metrics().get(bound.nameOf(metric)) : null;
        return v == null ? Double.NaN : v;
    }

    private static void timeline(StringBuilder h, ModelSnapshot s) {
        List<Event> events = events(s);
        h.append("<section><h2>Versions</h2>");
        if (events.isEmpty()) {
            h.append("<p>No version is registered.</p></section>");
            return;
        }
        h.append("<p class=\"meta\">Newest first: registrations from the manifests, promotions and rollbacks from the")
                .append(" champion pointer (its last ").append(ChampionPointer.MAX_HISTORY)
                .append(" moves), rejected candidates and failed retrains from the retraining reports.</p>")
                .append("<div class=\"scroll\"><table><tr><th>When (UTC)</th><th>Event</th><th>Version</th>")
                .append("<th>Why</th></tr>");
        for (Event e : events) {
            String kind = switch (e.kind()) {
                case "promoted" -> badge("good", e.kind());
                case "rolled back", "rejected", "retrain failed" -> badge("bad", e.kind());
                default -> badge("none", e.kind());
            };
            h.append("<tr><td>").append(time(e.at())).append("</td><td>").append(kind).append("</td><td>")
                    .append(escape(e.version())).append("</td><td>").append(escape(clip(e.detail(), 400)));
            if (e.link() != null) {
                h.append(" <a href=\"").append(escape(e.link())).append("\">retrain report</a>");
            }
            h.append("</td></tr>");
        }
        h.append("</table></div></section>");
    }

    /** The timeline's events, newest first. */
    static List<Event> events(ModelSnapshot s) {
        String model = s.model();
        List<Event> events = new ArrayList<>();
        for (ModelManifest m : s.versions()) {
            Provenance p = m.provenance() == null ? Provenance.NONE : m.provenance();
            StringBuilder why = new StringBuilder();
            if (p.retrainRun() != null) {
                why.append("trained by retrain ").append(p.retrainRun())
                        .append(p.alarm() == null ? "" : " after " + p.alarm()).append("; ");
            }
            if (p.trainedRows() != null) {
                why.append(p.trainedRows()).append(" rows; ");
            }
            if (p.algorithm() != null) {
                why.append(p.algorithm()).append("; ");
            }
            why.append("data ").append(m.trainingData() == null ? "not recorded" : m.trainingData());
            String link = p.retrainRun() != null && s.retrains().stream().anyMatch(r -> r.runId().equals(
                    p.retrainRun())) ? PageStyle.retrainLink(model, p.retrainRun()) : null;
            events.add(new Event(m.createdAt(), "registered", m.version(), why.toString(), link));
        }
        ChampionPointer c = s.champion();
        if (c != null) {
            List<ChampionPointer.Promotion> moves = new ArrayList<>();
            moves.add(c.current());
            moves.addAll(c.previous());
            for (ChampionPointer.Promotion move : moves) {
                if (move.rolledBackFrom() != null) {
                    events.add(new Event(move.promotedAt(), "rolled back", move.rolledBackFrom(),
                            move.rolledBackFrom() + " rolled back to " + move.version() + ": " + move.reason(),
                            null));
                } else {
                    RetrainOutcome by = s.retrains().stream().filter(r -> RetrainOutcome.PROMOTED.equals(r.status())
                            && move.version().equals(r.candidateVersion())).findFirst().orElse(null);
                    events.add(new Event(move.promotedAt(), "promoted", move.version(), move.reason(),
                            by == null ? null : PageStyle.retrainLink(model, by.runId())));
                }
            }
        }
        for (RetrainOutcome r : s.retrains()) {
            Instant at = r.finishedAt() != null ? r.finishedAt() : r.startedAt();
            String version = r.candidateVersion() == null ? "" : r.candidateVersion();
            String link = PageStyle.retrainLink(model, r.runId());
            if (RetrainOutcome.NOT_PROMOTED.equals(r.status())) {
                events.add(new Event(at, "rejected", version, r.message(), link));
            } else if (RetrainOutcome.FAILED.equals(r.status())) {
                events.add(new Event(at, "retrain failed", version, r.message(), link));
            } else if (RetrainOutcome.PROMOTED.equals(r.status()) && events.stream().noneMatch(
                    e -> e.kind().equals("promoted") && e.version().equals(version))) {
                events.add(new Event(at, "promoted", version, r.message(), link));
            }
        }
        events.sort(Comparator.comparing(Event::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return events;
    }

    private static void runs(StringBuilder h, ModelSnapshot s) {
        List<RunIndex.Entry> runs = s.index().runs();
        h.append("<section><h2>Evaluation runs</h2>");
        if (runs.isEmpty()) {
            h.append("<p>None yet.</p></section>");
            return;
        }
        h.append("<p class=\"meta\">Every run in the run index (at most ").append(RunIndex.MAX_RUNS)
                .append("), newest first, with the alarms each breached.</p><div class=\"scroll\"><table><tr>")
                .append("<th>Finished (UTC)</th><th>Run</th><th>Version</th><th>Status</th><th>Rows</th>")
                .append("<th>Breached</th><th>Message</th></tr>");
        for (int i = runs.size() - 1; i >= Math.max(0, runs.size() - MAX_LISTED_RUNS); i--) {
            RunIndex.Entry e = runs.get(i);
            List<String> breached = AlarmCheck.judge(s.rules(), e.metrics()).stream().filter(AlarmCheck::breaching)
                    .map(c -> c.rule().metricName()).toList();
            h.append("<tr><td>").append(time(e.finishedAt())).append("</td><td><a href=\"")
                    .append(escape(PageStyle.runLink(s.model(), e.runId()))).append("\">").append(escape(e.runId()))
                    .append("</a></td><td>").append(escape(e.version())).append(e.champion() ? "" : " (challenger)")
                    .append("</td><td>").append(badge(statusKind(e.status()), PageStyle.lower(e.status())))
                    .append("</td><td class=\"num\">").append(e.rowsScored()).append("</td><td>")
                    .append(escape(String.join(", ", breached))).append("</td><td>")
                    .append(escape(clip(e.message(), MESSAGE_CHARS))).append("</td></tr>");
        }
        h.append("</table></div></section>");
    }

    private static void retrains(StringBuilder h, ModelSnapshot s) {
        if (s.retrains().isEmpty()) {
            return;
        }
        h.append("<section><h2>Retraining runs</h2><div class=\"scroll\"><table><tr><th>Started (UTC)</th>")
                .append("<th>Run</th><th>Outcome</th><th>Candidate</th><th>Asked for by</th><th>Message</th></tr>");
        List<RetrainOutcome> newestFirst = new ArrayList<>(s.retrains());
        newestFirst.sort(Comparator.comparing(RetrainOutcome::startedAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        for (RetrainOutcome r : newestFirst) {
            String kind = RetrainOutcome.PROMOTED.equals(r.status()) ? "good"
                    : RetrainOutcome.FAILED.equals(r.status()) ? "bad" : "warn";
            h.append("<tr><td>").append(time(r.startedAt())).append("</td><td><a href=\"")
                    .append(escape(PageStyle.retrainLink(s.model(), r.runId()))).append("\">")
                    .append(escape(r.runId())).append("</a></td><td>")
                    .append(badge(kind, r.status() == null ? "unknown"
                            : r.status().toLowerCase(Locale.ROOT).replace('_', ' ')))
                    .append("</td><td>").append(escape(r.candidateVersion())).append("</td><td>")
                    .append(escape(r.trigger() == null ? "" : r.trigger().alarm())).append("</td><td>")
                    .append(escape(clip(r.message(), MESSAGE_CHARS))).append("</td></tr>");
        }
        h.append("</table></div></section>");
    }

    static String statusKind(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> "good";
            case NO_DATA -> "warn";
            case FAILED -> "bad";
        };
    }

    private static void row(StringBuilder h, String k, String html) {
        h.append("<tr><th>").append(escape(k)).append("</th><td>").append(html).append("</td></tr>");
    }
}
