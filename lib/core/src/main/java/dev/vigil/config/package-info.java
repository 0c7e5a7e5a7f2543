/**
 * The one configuration of a Vigil deployment, {@code vigil.config.json}, read by the CDK app and by the local runner
 * ({@code vigil serve --loop}, {@code vigil demo}) alike: the watched models with their thresholds, schedules and
 * alarm settings, the retrain backend and trainer, and the deployment's other settings.
 *
 * <p>Start from {@link dev.vigil.config.VigilConfigFile}, which reads and validates a file into a
 * {@link dev.vigil.config.VigilConfig}; each record's {@code problems} names the field to fix, and every problem
 * is listed at once in an {@link dev.vigil.config.InvalidConfigException}. The alarm rules a model's settings give
 * are {@link dev.vigil.alarms.AlarmRules}' ({@link dev.vigil.config.ModelConfig#watched}); the field shapes are
 * documented in {@code infra/cdk/README.md} (Configure) and, for the local runner, in
 * {@code docs/local-loop.md}.
 */
package dev.vigil.config;
