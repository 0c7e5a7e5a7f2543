package dev.vigil.retrain;

import dev.vigil.alarms.AlarmState;
import dev.vigil.model.ModelRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One CloudWatch alarm state change, however it was delivered (SNS or EventBridge).
 *
 * <p>{@link #incidentKey()} names the transition itself (alarm, new state, state-change time), so every delivery
 * and every re-publication of the same transition maps to the same key.
 *
 * @param alarmName the alarm's name
 * @param newState the state the alarm moved into
 * @param oldState the state it left; null when the notification does not say
 * @param reason CloudWatch's human-readable reason for the change
 * @param time when the alarm changed state (CloudWatch's state-change timestamp, not the delivery time)
 * @param model the model the alarm watches
 * @param metricName the watched metric; null for composite alarms
 * @param notificationId the delivery's own unique id: SNS {@code MessageId} or EventBridge event {@code id}
 */
public record AlarmNotification(
        String alarmName,
        AlarmState newState,
        AlarmState oldState,
        String reason,
        Instant time,
        String model,
        String metricName,
        String notificationId) {

    public AlarmNotification {
        if (alarmName == null || alarmName.isBlank()) {
            throw new IllegalArgumentException("alarm name is missing");
        }
        if (newState == null) {
            throw new IllegalArgumentException("new alarm state is missing");
        }
        if (time == null) {
            throw new IllegalArgumentException("state-change time is missing");
        }
        if (!ModelRef.isSafe(model)) {
            throw new IllegalArgumentException("model name is missing or unsafe: " + model);
        }
        if (notificationId == null || notificationId.isBlank()) {
            throw new IllegalArgumentException("notification id is missing");
        }
        reason = reason == null ? "" : reason;
    }

    /** Lowercase hex SHA-256 of alarm name, new state and state-change time (epoch milliseconds). */
    public String incidentKey() {
        String identity = alarmName + "\n" + newState + "\n" + time.toEpochMilli();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
