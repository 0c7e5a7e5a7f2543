/**
 * The one metric catalog. Start from {@link dev.vigil.metrics.VigilMetric}: each entry is a metric's published name,
 * {@link dev.vigil.metrics.MetricUnit unit}, {@link dev.vigil.metrics.Direction direction}, the tasks it applies to,
 * whether it is published, where it is {@link dev.vigil.metrics.Chart charted} and its
 * {@link dev.vigil.metrics.Dimensions dimension sets}. Whatever names a metric (evaluation, alarms, the CDK app's
 * alarms and dashboard, the local alarms, reports, the functions' emitter) takes it from here;
 * {@link dev.vigil.metrics.VigilMetric#require} rejects a name the catalog does not know. The confidence bounds
 * published beside each quality metric ({@code F1BinaryLowerBound}, {@code F1BinaryUpperBound}) are named by
 * {@link dev.vigil.metrics.MetricBound} from the catalog entry.
 */
package dev.vigil.metrics;
