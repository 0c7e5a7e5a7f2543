package dev.vigil.training;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.metrics.Direction;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a retrained candidate replaces the champion: its value of the primary metric on the held-out rows
 * must beat the champion's by at least {@code margin} in the metric's good direction (higher F1, lower log loss).
 * A model without a champion is promoted as long as its value is defined.
 *
 * @param metric the primary metric
 * @param margin the least improvement that counts, in the metric's own units (0.01 = one point of F1)
 */
public record PromotionGate(Metric metric, double margin) {
    /** Default margin: a candidate must be at least one point better, so noise alone does not move the champion. */
    public static final double DEFAULT_MARGIN = 0.01;

    public PromotionGate {
        if (!metric.judgesQuality()) {
            throw new IllegalArgumentException(metric.publishedName() + " does not judge quality");
        }
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("the promotion margin must be zero or positive, was " + margin);
        }
    }

    /**
     * The gate for a retrain started by {@code alarmName}: the primary metric is the metric of the quality alarm that
     * fired (alarm names end with {@code -<rule id>}, in AWS and locally); a drift alarm, or an unknown one, falls back
     * to the model's first quality rule in {@link AlarmRules} (F1Binary for binary models).
     */
    public static PromotionGate forAlarm(String alarmName, WatchedModel model, double margin) {
        List<AlarmRule> quality = AlarmRules.forModel(model).stream()
                .filter(r -> r.category() == AlarmCategory.QUALITY).toList();
        if (quality.isEmpty()) {
            throw new IllegalArgumentException("model " + model.name()
                    + " has no quality alarm to judge a candidate by");
        }
        AlarmRule chosen = quality.stream()
                .filter(r -> alarmName != null && alarmName.endsWith("-" + r.id()))
                .findFirst().orElse(quality.get(0));
        return new PromotionGate(Metric.byPublishedName(chosen.metricName()), margin);
    }

    /** Compares the candidate with the champion (null when the model has none). */
    public Verdict judge(MetricReport candidate, MetricReport champion) {
        double mine = candidate.value(metric);
        String name = metric.publishedName();
        if (!Double.isFinite(mine)) {
            return new Verdict(false, mine, Double.NaN, Double.NaN,
                    "the candidate's " + name + " is undefined on the held-out rows");
        }
        if (champion == null) {
            return new Verdict(true, mine, Double.NaN, Double.NaN, "no champion yet");
        }
        double theirs = champion.value(metric);
        if (!Double.isFinite(theirs)) {
            return new Verdict(true, mine, theirs, Double.NaN,
                    "the champion's " + name + " is undefined on the held-out rows");
        }
        double improvement = metric.direction() == Direction.LOWER_IS_BETTER ? theirs - mine : mine - theirs;
        boolean better = improvement >= margin;
        String comparison = String.format(Locale.ROOT, "held-out %s %.4f vs champion %.4f (%s%.4f; margin %s)",
                name, mine, theirs, improvement >= 0 ? "+" : "", improvement, margin);
        return new Verdict(better, mine, theirs, improvement,
                (better ? "better: " : "not better by the margin: ") + comparison);
    }

    /**
     * The gate's answer.
     *
     * @param promote whether the candidate becomes the champion
     * @param candidate the candidate's value of the primary metric
     * @param champion the champion's value (NaN when there is none)
     * @param improvement how much better the candidate is, in the good direction (NaN without a champion)
     * @param reason one sentence for the report and the promotion pointer
     */
    public record Verdict(boolean promote, double candidate, double champion, double improvement, String reason) {}
}
