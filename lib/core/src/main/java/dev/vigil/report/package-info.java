/**
 * What an evaluation run leaves behind: the JSON and HTML report, the per-model run index, and which values are
 * published as CloudWatch metrics.
 *
 * <p>Start from {@link dev.vigil.report.RunReport} (status, the {@link dev.vigil.report.EvaluatedModel}, the
 * {@link dev.vigil.report.RunConfiguration}, {@link dev.vigil.report.Lineage}, metrics, drift and
 * {@link dev.vigil.report.Curve}s) and {@link dev.vigil.report.ReportStore}, which writes reports under
 * {@code reports/<model>/runs/<runId>/}, sharded runs' scratch objects under {@code shards/<model>/<runId>/}, and
 * records each run in the {@link dev.vigil.report.RunIndex} with a compare-and-set. Which metrics a run publishes,
 * and when, is decided in {@link dev.vigil.report.PublishedMetrics}; a failed run never moves the index's
 * {@code latestGood}; beside each published quality metric go its confidence bounds. Each quality alarm's verdict on
 * a run is one {@link dev.vigil.report.AlarmSentence}, built from the alarm rules; the intervals' level is checked
 * and written by {@link dev.vigil.report.ConfidenceLevel}. {@link dev.vigil.report.HtmlReport} renders one
 * self-contained page.
 *
 * <p>{@link dev.vigil.report.ModelPages} keeps each model's page ({@code reports/<model>/index.html},
 * {@link dev.vigil.report.ModelPage}) and the page of every model ({@code reports/index.html},
 * {@link dev.vigil.report.ModelsPage}) up to date with a compare-and-set, from a
 * {@link dev.vigil.report.ModelSnapshot} of the registry, the run index and the retraining reports; alarm states on
 * them are {@link dev.vigil.report.AlarmCheck}s judged from the runs.
 */
package dev.vigil.report;
