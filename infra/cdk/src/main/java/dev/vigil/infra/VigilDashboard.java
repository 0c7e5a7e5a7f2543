package dev.vigil.infra;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.metrics.Chart;
import dev.vigil.metrics.MetricBound;
import dev.vigil.metrics.MetricGroup;
import dev.vigil.metrics.MetricUnit;
import dev.vigil.metrics.VigilMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.interfaces.cloudwatch.IAlarmRef;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Color;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Shading;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard: predict latency and errors, alarm states, then per model each alarmed quality metric
 * over time with its interval bounds and the alarm's threshold line, drift, rows scored and rejected, and the
 * retrain-trigger's decisions; with capture, a traffic row per model (predictions captured and dropped, and for a
 * model watched on traffic: join coverage, label delay p50/p95 and the share of inputs outside the baseline's range).
 */
public final class VigilDashboard extends Construct {
    private final Dashboard dashboard;

    public VigilDashboard(Construct scope, String id, VigilConfig config, VigilFunctions functions, PredictApi api,
                          VigilAlarms alarms) {
        super(scope, id);
        String namespace = config.metricsNamespace();
        Duration minute = Duration.minutes(1);
        List<List<IWidget>> rows = new ArrayList<>();
        rows.add(List.of(TextWidget.Builder.create().width(24).height(1)
                .markdown("## Vigil — predict, evaluate, retrain").build()));
        rows.add(List.of(
                graph("Predict latency (ms, live alias)", List.of(
                        functions.predictLive().metricDuration(stat("p50", minute)),
                        functions.predictLive().metricDuration(stat("p99", minute)))),
                graph("Predict requests and errors", List.of(
                        api.stage().metricCount(stat("Sum", minute)),
                        api.stage().metricClientError(stat("Sum", minute)),
                        api.stage().metricServerError(stat("Sum", minute)),
                        functions.predictLive().metricErrors(stat("Sum", minute)),
                        functions.predictLive().metricThrottles(stat("Sum", minute)))),
                AlarmStatusWidget.Builder.create().title("Service alarms").width(12).height(6)
                        .alarms(serviceAlarms(alarms)).build()));
        for (ModelConfig model : config.models()) {
            List<AlarmRule> rules = AlarmRules.forModel(model.watched());
            Duration period = Duration.seconds(model.alarmPeriod().toSeconds());
            List<AlarmRule> qualityRules = rules.stream().filter(r -> r.category() == AlarmCategory.QUALITY)
                    .filter(r -> r.metric().isChartedOn(Chart.DASHBOARD)).toList();
            List<IMetric> drift = metrics(namespace, model.name(), "Maximum", period,
                    VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.DRIFT));
            List<IMetric> rowCounts = metrics(namespace, model.name(), "Sum", period,
                    VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.RUN));
            List<IMetric> retrain = metrics(namespace, model.name(), "Sum", Duration.hours(1),
                    VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.RETRAIN));
            rows.add(List.of(TextWidget.Builder.create().width(24).height(1)
                    .markdown("### Model `" + model.name() + "` (" + model.task().name().toLowerCase(Locale.ROOT) + ", "
                            + model.schedule() + ")").build()));
            rows.add(qualityRow(namespace, model, period, qualityRules));
            rows.add(List.of(
                    graph("Drift: " + model.name(), drift),
                    graph("Rows: " + model.name(), rowCounts),
                    graph("Retrain decisions: " + model.name(), retrain)));
            if (config.capture().enabled()) {
                rows.add(trafficRow(namespace, model));
            }
            rows.add(List.of(AlarmStatusWidget.Builder.create().title("Alarms: " + model.name()).width(24).height(3)
                    .alarms(List.<IAlarmRef>copyOf(alarms.modelAlarms().get(model.name()))).build()));
        }
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.days(7))
                .widgets(rows)
                .build();
    }

    private static List<IAlarmRef> serviceAlarms(VigilAlarms alarms) {
        List<IAlarmRef> all = new ArrayList<>(alarms.serviceAlarms());
        all.addAll(alarms.captureAlarms());
        return all;
    }

    /**
     * One graph per quality alarm: the metric, its published interval bounds and the alarm's threshold as a line
     * labelled with the condition, so the chart shows what the alarm compares. A model without quality alarms gets
     * one graph of its task's charted quality metrics.
     */
    private static List<IWidget> qualityRow(String namespace, ModelConfig model, Duration period,
                                            List<AlarmRule> rules) {
        if (rules.isEmpty()) {
            return List.of(graph("Quality (no quality alarms): " + model.name(), metrics(namespace, model.name(),
                    "Average", period, VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.QUALITY).stream()
                            .filter(m -> m.appliesTo(model.task())).toList()), List.of(), 24));
        }
        int width = Math.max(6, 24 / rules.size());
        List<IWidget> row = new ArrayList<>();
        for (AlarmRule rule : rules) {
            VigilMetric metric = rule.metric();
            List<IMetric> series = new ArrayList<>(metrics(namespace, model.name(), "Average", period,
                    List.of(metric)));
            if (metric.publishesBounds()) {
                for (MetricBound bound : MetricBound.values()) {
                    series.add(metric(namespace, model.name(), bound.nameOf(metric), "Average", period));
                }
            }
            HorizontalAnnotation threshold = HorizontalAnnotation.builder().value(rule.threshold())
                    .label("alarm: " + rule.condition()).color(Color.RED)
                    .fill(rule.comparison().alarmsWhenFalling() ? Shading.BELOW : Shading.ABOVE).build();
            row.add(graph(metric.publishedName() + " and its interval: " + model.name(), series,
                    List.of(threshold), width));
        }
        return row;
    }

    /** Captured and dropped predictions; for a model watched on traffic, also coverage, delay and out-of-range. */
    private static List<IWidget> trafficRow(String namespace, ModelConfig model) {
        List<IWidget> row = new ArrayList<>();
        row.add(graph("Capture: " + model.name(), metrics(namespace, model.name(), "Sum", Duration.minutes(5),
                VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.SERVING))));
        if (model.watchesTraffic()) {
            Duration period = Duration.seconds(model.alarmPeriod().toSeconds());
            List<VigilMetric> traffic = VigilMetric.chartedOn(Chart.DASHBOARD, MetricGroup.TRAFFIC);
            row.add(graph("Join coverage: " + model.name(), metrics(namespace, model.name(), "Minimum", period,
                    traffic.stream().filter(m -> m.unit() == MetricUnit.NONE).toList())));
            row.add(graph("Label delay (s): " + model.name(), metrics(namespace, model.name(), "Maximum", period,
                    traffic.stream().filter(m -> m.unit() == MetricUnit.SECONDS).toList())));
            row.add(graph("Inputs out of range: " + model.name(), metrics(namespace, model.name(), "Maximum",
                    period, List.of(VigilMetric.INPUT_OUT_OF_RANGE_RATE))));
        }
        return row;
    }

    /** Vigil metrics of one model (dimension {@code model}), one per catalog entry. */
    private static List<IMetric> metrics(String namespace, String model, String statistic, Duration period,
                                         List<VigilMetric> catalogMetrics) {
        return catalogMetrics.stream().map(VigilMetric::publishedName)
                .map(name -> metric(namespace, model, name, statistic, period)).toList();
    }

    /** One published series of one model (dimension {@code model}). */
    private static IMetric metric(String namespace, String model, String publishedName, String statistic,
                                  Duration period) {
        return Metric.Builder.create().namespace(namespace).metricName(publishedName)
                .dimensionsMap(Map.of("model", model)).statistic(statistic).period(period).label(publishedName)
                .build();
    }

    private static MetricOptions stat(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return graph(title, metrics, List.of(), 6);
    }

    private static GraphWidget graph(String title, List<IMetric> metrics, List<HorizontalAnnotation> lines,
                                     int width) {
        return GraphWidget.Builder.create().title(title).width(width).height(6)
                .left(metrics).leftAnnotations(lines).build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
