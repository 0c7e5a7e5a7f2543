/**
 * The one catalog of Vigil's alarms, shared by the CDK app, which creates CloudWatch alarms from it, and the local
 * runner, which evaluates the same rules itself.
 *
 * <p>Start from {@link dev.vigil.alarms.AlarmRules}: per model ({@link dev.vigil.alarms.WatchedModel}) the quality
 * rules its task calls for, drift, evaluation failure and no data; for the service predict's 5xx rate, p99 latency
 * and dead letters. Each is an {@link dev.vigil.alarms.AlarmRule}; which metrics can be watched, in which direction
 * they go bad and their default thresholds per task is {@link dev.vigil.alarms.WatchedMetric}.
 * {@link dev.vigil.alarms.AlarmRules#problems} lists every configuration problem of a watched model, each a sentence;
 * {@link dev.vigil.alarms.AlarmRule#evaluate} applies a rule to datapoints as CloudWatch would
 * ({@link dev.vigil.alarms.Comparison}, {@link dev.vigil.alarms.AlarmStatistic}, {@link dev.vigil.alarms.MissingData}).
 * Only {@link dev.vigil.alarms.AlarmCategory#QUALITY} and {@link dev.vigil.alarms.AlarmCategory#DRIFT} rules start a
 * retrain. Quality rules compare the metric's confidently-bad confidence bound unless the model asks for the value
 * ({@link dev.vigil.alarms.AlarmOn}); {@link dev.vigil.alarms.QualityAlarms} carries each model's thresholds and
 * choice to the evaluate function, whose reports state every quality alarm's verdict.
 */
package dev.vigil.alarms;
