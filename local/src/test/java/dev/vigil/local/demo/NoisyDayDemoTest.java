package dev.vigil.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmState;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.local.alarms.AlarmTransition;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.loop.RecordingListener;
import dev.vigil.local.loop.TrafficJudgement;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.Task;
import dev.vigil.report.AlarmSentence;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunReport;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.training.ChurnData;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.TrainingSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil demo}'s small noisy day: the quality alarms compare the confidence bound, so they stay quiet on a
 * window whose F1 falls below the threshold by chance, and fire on the real shift.
 */
class NoisyDayDemoTest {
    private static final String F1 = VigilMetric.F1_BINARY.publishedName();

    @TempDir
    Path dir;

    @Test
    void theBoundGatedAlarmIgnoresTheSmallNoisyDayAndFiresOnTheShift() throws Exception {
        SuiteStores stores = SuiteStores.of(new LocalBlobStore(dir));
        RecordingListener events = new RecordingListener();
        FunctionSettings settings = new FunctionSettings(Duration.ofSeconds(1), 1000, 1 << 20,
                RetrainPolicy.defaults().withCooldown(Duration.ofMinutes(10)),
                RetrainSettings.defaults(Map.of(ChurnData.MODEL, new TrainingSchema(ChurnData.FEATURES,
                        ChurnData.LABELS, Task.BINARY_CLASSIFICATION, 0.5))), null);
        DemoRun.Settings demoSettings = new DemoRun.Settings(11, 1000, 2, 500, 4, Duration.ofSeconds(1), false)
                .withNoisyDay();

        try (DemoRun demo = DemoRun.start(stores, settings, demoSettings, "127.0.0.1", 0, 4, events,
                Clock.systemUTC())) {
            demo.closed().get(60, TimeUnit.SECONDS);
        }

        TrafficDriver.Sent noisySent = events.sent.stream().filter(s -> s.noisy() != null).findFirst().orElseThrow();
        assertEquals(3, noisySent.interval(), "the interval just before the shift");
        ReportStore reports = new ReportStore(stores.reports());
        List<TrafficJudgement> judged = events.judgements.stream()
                .filter(j -> j.outcome() != null && j.outcome().champion() && j.outcome().published().containsKey(F1))
                .toList();
        TrafficJudgement noisyWindow = judged.stream().filter(j -> j.outcome().published()
                .get(VigilMetric.ROWS_SCORED.publishedName()) < DemoRun.NOISY_CUSTOMERS).findFirst()
                .orElseThrow(() -> new AssertionError("no judged noisy window\n" + events));
        RunOutcome noisy = noisyWindow.outcome();
        double point = noisy.published().get(F1);
        double upper = noisy.published().get("F1BinaryUpperBound");
        assertTrue(point < 0.70, "the noisy day's F1 " + point + " is below the threshold\n" + events);
        assertTrue(upper >= 0.70, "but its upper bound " + upper + " is not\n" + events);
        RunReport noisyReport = reports.report(ChurnData.MODEL, noisy.runId()).orElseThrow();
        AlarmSentence sentence = noisyReport.alarms().stream().filter(s -> s.alarm().equals(F1)).findFirst()
                .orElseThrow();
        assertEquals(AlarmSentence.Verdict.NOT_ENOUGH_EVIDENCE, sentence.verdict(), sentence.text());
        assertTrue(sentence.text().contains("not enough evidence of a drop below 0.70"), sentence.text());
        System.out.println("noisy day: " + sentence.text());

        AlarmTransition fired = events.transitions.stream()
                .filter(t -> t.to() == AlarmState.ALARM && t.alarmName().equals("vigil-local-churn-" + F1))
                .findFirst().orElseThrow(() -> new AssertionError("F1Binary never fired\n" + events));
        RunOutcome shifted = judged.stream().filter(j -> !j.at().isAfter(fired.at())).reduce((a, b) -> b)
                .orElseThrow().outcome();
        assertNotNull(shifted);
        assertFalse(shifted.runId().equals(noisy.runId()), "the alarm fired on the noisy day\n" + events);
        assertTrue(shifted.published().get("F1BinaryUpperBound") < 0.70, "the shift is confidently bad\n" + events);
        assertTrue(events.transitions.stream().filter(t -> t.to() == AlarmState.ALARM)
                .noneMatch(t -> t.at().isBefore(fired.at())), "no alarm fired before the shift\n" + events);
    }
}
