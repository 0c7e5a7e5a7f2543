package dev.vigil.retrain.trigger;

import dev.vigil.json.Json;
import dev.vigil.retrain.RetrainDecision;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes a rollback to an SNS topic (the stack's notifications topic, which e-mails the alert address): a subject
 * naming the model and both versions, and a JSON message with the decision's rollback, alarm and reason.
 */
final class SnsRollbackNotifier implements RollbackNotifier {
    /** SNS refuses subjects longer than this. */
    static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    SnsRollbackNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void rolledBack(RetrainDecision decision) {
        sns.publish(b -> b.topicArn(topicArn).subject(subject(decision))
                .message(new String(Json.toBytes(message(decision)), StandardCharsets.UTF_8)));
    }

    static String subject(RetrainDecision d) {
        String subject = "Vigil rolled back " + d.model() + " from " + d.rollback().fromVersion() + " to "
                + d.rollback().toVersion();
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
    }

    static Map<String, Object> message(RetrainDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "ModelRolledBack");
        m.put("model", d.model());
        m.put("fromVersion", d.rollback().fromVersion());
        m.put("toVersion", d.rollback().toVersion());
        m.put("promotedAt", d.rollback().promotedAt().toString());
        m.put("rolledBackAt", d.rollback().rolledBackAt().toString());
        m.put("alarm", d.alarmName());
        m.put("reason", d.reason());
        m.put("decisionId", d.id());
        return m;
    }
}
