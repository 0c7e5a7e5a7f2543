package dev.vigil.alarms;

/** The three states of a CloudWatch alarm, which the local runner's alarm evaluation also uses. */
public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA
}
