package dev.vigil.local.loop;

import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmState;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.training.ChurnData;
import dev.vigil.local.demo.LabelFeeder;
import dev.vigil.local.demo.TrafficDriver;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.Retrainer;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.BlobStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.ArrayList;
import java.util.Locale;
import java.util.stream.Stream;

/** Prints what the loop does, one line per event, stamped with the seconds since the runner started. */
public final class ConsoleProgress implements LoopListener {
    private static final List<String> SHOWN = Stream.of(VigilMetric.F1_BINARY, VigilMetric.F1_MACRO,
            VigilMetric.ROC_AUC, VigilMetric.ACCURACY, VigilMetric.R2, VigilMetric.MAE,
            VigilMetric.FEATURE_DRIFT_PSI_MAX, VigilMetric.PREDICTION_DRIFT_PSI)
            .map(VigilMetric::publishedName).toList();

    private static final DateTimeFormatter WINDOW_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final BlobStore reports;
    private final long startNanos = System.nanoTime();

    public ConsoleProgress(PrintWriter out, BlobStore reports) {
        this.out = out;
        this.reports = reports;
    }

    /** Prints one line under {@code topic}, with continuation lines indented beneath it. */
    public synchronized void line(String topic, String text, String... more) {
        out.printf(Locale.ROOT, "[%6.1fs] %-9s %s%n", (System.nanoTime() - startNanos) / 1e9, topic, text);
        for (String line : more) {
            out.printf("%19s%s%n", "", line);
        }
        out.flush();
    }

    @Override
    public void evaluated(RunOutcome o) {
        StringBuilder metrics = new StringBuilder();
        for (String name : SHOWN) {
            Double value = o.published().get(name);
            if (value != null) {
                metrics.append(String.format(Locale.ROOT, "  %s %.3f", name, value));
            }
        }
        Double rows = o.published().get(VigilMetric.ROWS_SCORED.publishedName());
        String what = o.model() + "@" + o.version() + (o.champion() ? "" : " (challenger)") + " "
                + o.status().name().toLowerCase(Locale.ROOT)
                + (rows == null ? "" : String.format(Locale.ROOT, ", %d rows", rows.longValue()));
        String report = o.reportKey() == null ? o.message()
                : "report " + SuiteStores.display(reports, o.reportKey().replaceAll("report\\.json$", "report.html"));
        line("evaluate", what + (metrics.isEmpty() ? ": " + o.message() : ":" + metrics), report);
    }

    @Override
    public void trafficJudged(TrafficJudgement j) {
        long served = (long) j.metric(VigilMetric.PREDICTIONS_IN_WINDOW).orElse(0);
        long joined = (long) j.metric(VigilMetric.PREDICTIONS_JOINED).orElse(0);
        String coverage = j.metric(VigilMetric.JOIN_COVERAGE).isPresent()
                ? String.format(Locale.ROOT, " (coverage %.2f)", j.metric(VigilMetric.JOIN_COVERAGE).getAsDouble())
                : "";
        String delay = j.metric(VigilMetric.LABEL_DELAY_P50).isPresent()
                ? String.format(Locale.ROOT, ", delay p50 %.1f s p95 %.1f s",
                        j.metric(VigilMetric.LABEL_DELAY_P50).getAsDouble(),
                        j.metric(VigilMetric.LABEL_DELAY_P95).orElse(Double.NaN))
                : ", no delay (nothing joined)";
        line("traffic", String.format(Locale.ROOT, "window %s–%s: %d served, %d joined%s%s, %d orphans, %d conflicts",
                WINDOW_TIME.format(j.start()), WINDOW_TIME.format(j.end()), served, joined, coverage, delay,
                (long) j.metric(VigilMetric.LABEL_ORPHANS).orElse(0),
                (long) j.metric(VigilMetric.LABEL_CONFLICTS).orElse(0)));
    }

    @Override
    public void captureChecked(RunOutcome o) {
        StringBuilder metrics = new StringBuilder();
        for (VigilMetric metric : List.of(VigilMetric.FEATURE_DRIFT_PSI_MAX, VigilMetric.PREDICTION_DRIFT_PSI,
                VigilMetric.INPUT_OUT_OF_RANGE_RATE, VigilMetric.ESTIMATED_ACCURACY, VigilMetric.ESTIMATED_F1_BINARY)) {
            Double value = o.published().get(metric.publishedName());
            if (value != null) {
                metrics.append(String.format(Locale.ROOT, "  %s %.3f", metric.publishedName(), value));
            }
        }
        line("drift", o.model() + "@" + o.version() + " on captured inputs, "
                + o.status().name().toLowerCase(Locale.ROOT)
                + (metrics.isEmpty() ? ": " + o.message() : ":" + metrics));
    }

    @Override
    public void trafficSent(TrafficDriver.Sent s) {
        String versions = String.join(", ", s.served().entrySet().stream()
                .map(e -> e.getValue() + " by " + ChurnData.MODEL + "@" + e.getKey()).toList());
        line("serve", String.format(Locale.ROOT, "interval %d: %d customers asked in %d requests, answered %s%s%s",
                s.interval(), s.servedTotal(), s.requests(), versions.isEmpty() ? "by none" : versions,
                s.failed() == 0 ? "" : "; " + s.failed() + " requests failed: " + s.problem(),
                s.shiftsHere() ? " [the data shifts here: why customers leave has changed]" : s.noisy() == null ? ""
                        : String.format(Locale.ROOT, " [a small noisy day: %d customers, outcomes recorded wrongly"
                                + " down to F1 %.2f; the alarms on the bound should not fire]", s.noisy().customers(),
                                s.noisy().f1())));
    }

    @Override
    public void labelsSent(LabelFeeder.Fed f) {
        if (f.offered() == 0) {
            return;
        }
        line("labels", String.format(Locale.ROOT, "%d labels sent for the previous interval's %d predictions (%d"
                + " never labelled)%s", f.labels().size(), f.offered(), f.withheld(),
                f.failed() == 0 ? "" : "; " + f.failed() + " not accepted: " + f.problem()));
    }

    @Override
    public void evaluationFailed(String model, String message) {
        line("evaluate", model + " failed: " + message);
    }

    @Override
    public void alarmChanged(AlarmTransition t) {
        AlarmRule rule = t.rule();
        String condition = String.format(Locale.ROOT, "%s %s %s", rule.metricName(), rule.comparison().symbol(),
                rule.threshold());
        line("alarm", t.alarmName() + " " + t.from() + " -> " + t.to() + " (" + condition + ")"
                + (t.startsRetrain() ? ": notifying the retrain-trigger" : ""),
                t.from() == AlarmState.INSUFFICIENT_DATA ? new String[0] : new String[] {t.reason()});
    }

    @Override
    public void promoted(String model, String version, String reason) {
        line("promote", model + "@" + version + " is the champion", reason);
    }

    @Override
    public void retrainDecided(TriggerDecision d) {
        if (d.rolledBack()) {
            line("rollback", d.model() + " rolled back from " + d.rolledBackFrom() + " to " + d.rolledBackTo()
                    + ": " + d.alarm() + " fired inside the promotion's watch window", d.reason());
            return;
        }
        if (TriggerDecision.WOULD_RETRAIN.equals(d.decision())) {
            line("retrain", d.reason());
            return;
        }
        line("trigger", d.decision() + (d.executionId() == null ? "" : " " + d.executionId()) + " for " + d.alarm(),
                d.reason());
    }

    @Override
    public void retrainStarted(String executionId, RetrainRequest request) {
        line("retrain", executionId + " started: " + request.modelName() + " on " + request.labelledData()
                + " (champion " + request.championVersion() + ")");
    }

    @Override
    public void retrainFinished(String executionId, Retrainer.Result result) {
        RetrainReport r = result.report();
        String chosen = r.search() == null || r.search().chosen() == null ? ""
                : "; chose " + r.search().chosen() + " of " + r.search().trials().size() + " settings";
        String rows = r.data() == null ? "" : String.format(Locale.ROOT, " on %d/%d/%d train/validation/held-out rows",
                r.data().trainRows(), r.data().validationRows(), r.data().testRows());
        List<String> more = new ArrayList<>();
        more.add("trained" + rows + chosen);
        if (r.data() != null) {
            r.data().parts().stream().filter(p -> p.rows() > 0).forEach(p -> more.add(p.name() + " rows: "
                    + p.first() + " to " + p.last()));
        }
        more.add(result.htmlKey() == null ? "(report not written)"
                : "report " + SuiteStores.display(reports, result.htmlKey()));
        line("retrain", r.status() + ": " + r.message(), more.toArray(String[]::new));
    }

    @Override
    public void dayWritten(ChurnData.Day day, String location) {
        line("data", String.format(Locale.ROOT, "day %d (dt=%s): %d customers, %.0f%% churned%s -> %s", day.index(),
                day.date(), day.rows(), 100.0 * day.churned() / day.rows(),
                day.shiftsHere() ? " [the data shifts here: why customers leave has changed]" : "", location));
    }

    @Override
    public void served(String model, String version, String curl) {
        line("predict", "serving " + model + "@" + version + "; try:", curl);
    }

    @Override
    public void loopClosed(String model, String version, Duration sinceAlarm) {
        line("loop", String.format(Locale.ROOT, "closed: %s@%s is champion and every alarm is OK again, %.1f s after"
                + " the alarm fired", model, version, sinceAlarm.toMillis() / 1000.0));
    }

    @Override
    public void problem(String message) {
        line("problem", message);
    }
}
