package dev.vigil.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.report.AlarmSentence.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run report leads with the model's health, which is not how the run ended. */
class RunHealthTest {
    private static final AlarmSentence F1_BAD = new AlarmSentence("F1Binary", "F1Binary", Verdict.CONFIDENTLY_BAD,
            "F1Binary 0.25 (0.22–0.28, 95%, 2,000 rows): confidently below 0.70");
    private static final AlarmSentence AUC_OK = new AlarmSentence("RocAuc", "RocAuc", Verdict.WITHIN_THRESHOLD,
            "RocAuc 0.81 (0.79–0.83, 95%, 2,000 rows): within threshold 0.75");
    private static final AlarmSentence F1_NOISY = new AlarmSentence("F1Binary", "F1Binary",
            Verdict.NOT_ENOUGH_EVIDENCE, "F1Binary 0.68 (0.61–0.75, 95%, 150 rows): not enough evidence of a drop"
                    + " below 0.70");
    private static final AlarmSentence F1_UNJUDGED = new AlarmSentence("F1Binary", "F1Binary", Verdict.NOT_JUDGED,
            "F1Binary not judged: 12 rows, fewer than the minimum 100");

    private static String health(boolean champion, List<AlarmSentence> alarms) {
        RunReport report = RunReport.builder().runId("r1").status(RunStatus.SUCCEEDED).message("scored 2000 rows")
                .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH)
                .model(new EvaluatedModel("churn", "v1", "ab", champion, null, null)).alarms(alarms).build();
        StringBuilder h = new StringBuilder();
        HtmlReport.health(h, report);
        return h.toString();
    }

    @Test
    void aSucceededRunWhoseAlarmBreachesSaysTheModelIsUnhealthyAndWhatFollows() {
        String champion = health(true, List.of(F1_BAD, AUC_OK));
        String challenger = health(false, List.of(F1_BAD, AUC_OK));

        assertTrue(champion.contains("class=\"health unhealthy\""), champion);
        assertTrue(champion.contains("1 of 2 quality alarms breached (F1Binary)"), champion);
        assertTrue(champion.contains("starts one retraining run"), champion);
        assertTrue(champion.contains("(the run succeeded)"), champion);
        assertTrue(challenger.contains("its metrics move no alarm"), challenger);
    }

    @Test
    void aNoisyDropWithoutEvidenceIsHealthyAndTooFewRowsIsNotJudged() {
        String noisy = health(true, List.of(F1_NOISY, AUC_OK));
        String unjudged = health(true, List.of(F1_UNJUDGED));
        String none = health(true, List.of());

        assertTrue(noisy.contains("<strong>Model healthy:</strong> all 2 quality alarms are within threshold"), noisy);
        assertTrue(unjudged.contains("<strong>Health not judged:</strong> too few rows"), unjudged);
        assertTrue(none.contains("no quality alarm applies to this run"), none);
    }

    @Test
    void theVerdictComesBeforeTheMetrics() {
        RunReport report = RunReport.builder().runId("r1").status(RunStatus.SUCCEEDED).message("scored 2000 rows")
                .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH)
                .model(new EvaluatedModel("churn", "v1", "ab", true, null, null)).alarms(List.of(F1_BAD)).build();
        String page = HtmlReport.render(report, new RunIndex("churn", null, List.of()));

        int health = page.indexOf("class=\"health unhealthy\"");
        int alarms = page.indexOf("<h2>Alarms</h2>");
        assertTrue(health > 0 && health < page.indexOf("scored 2000 rows"), page);
        assertTrue(alarms > health, page);
    }
}
