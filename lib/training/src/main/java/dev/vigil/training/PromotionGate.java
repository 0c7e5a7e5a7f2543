package dev.vigil.training;

import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.metrics.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate replaces the champion, from the two models' metrics on the same held-out rows. The
 * candidate must
 * <ol>
 *   <li>have been judged on at least {@code minimumRows} rows;</li>
 *   <li>beat the champion on the primary metric by at least {@code margin} in its good direction (higher F1, lower
 *   log loss);</li>
 *   <li>be no worse than the champion on any guard metric by more than that guard's tolerance (a guard the champion
 *   has no defined value for is not checked; one the candidate lacks while the champion has it fails).</li>
 * </ol>
 * A model without a champion is promoted as long as its primary value is defined and the rows suffice. The same
 * gate runs in the local runner and in the AWS retraining workflow's gate step, and a bring-your-own pipeline calls
 * that step.
 *
 * @param metric the primary metric
 * @param margin the least improvement that counts, in the metric's own units (0.01 = one point of F1)
 * @param guards metrics that must not get worse, each with the most worsening tolerated, in its own units
 * @param minimumRows the fewest held-out rows a decision may rest on
 */
public record PromotionGate(Metric metric, double margin, Map<Metric, Double> guards, long minimumRows) {
    /** Default margin: a candidate must be at least one point better, so noise alone does not move the champion. */
    public static final double DEFAULT_MARGIN = 0.01;
    /** Default tolerance of a guard metric: two points worse at most. */
    public static final double DEFAULT_GUARD_TOLERANCE = 0.02;
    /** Default fewest held-out rows. */
    public static final long DEFAULT_MINIMUM_ROWS = 50;

    public PromotionGate {
        if (!metric.judgesQuality()) {
            throw new IllegalArgumentException(metric.publishedName() + " does not judge quality");
        }
        requireTolerance("the promotion margin", margin);
        guards = Map.copyOf(guards);
        guards.forEach((m, tolerance) -> {
            if (!m.judgesQuality()) {
                throw new IllegalArgumentException("guard " + m.publishedName() + " does not judge quality");
            }
            requireTolerance("the tolerance of guard " + m.publishedName(), tolerance);
        });
        if (guards.containsKey(metric)) {
            throw new IllegalArgumentException(metric.publishedName() + " is the primary metric, not a guard");
        }
        if (minimumRows < 1) {
            throw new IllegalArgumentException("a promotion needs at least one held-out row, was " + minimumRows);
        }
    }

    /** A gate on the primary metric alone, judged on any number of rows. */
    public PromotionGate(Metric metric, double margin) {
        this(metric, margin, Map.of(), 1);
    }

    private static void requireTolerance(String what, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be zero or positive, was " + value);
        }
    }

    /**
     * The gate for a retrain started by {@code alarmName}: the primary metric is the metric of the quality alarm that
     * fired (alarm names end with {@code -<rule id>}, in AWS and locally); a drift alarm, or an unknown one, falls back
     * to the model's first quality rule in {@link AlarmRules} (F1Binary for binary models). The model's other quality
     * rules are guards at {@link #DEFAULT_GUARD_TOLERANCE}. The gate compares the candidate's and the champion's
     * values of the alarm's metric, never its bounds, even when the alarm compares a bound.
     */
    public static PromotionGate forAlarm(String alarmName, WatchedModel model, double margin, long minimumRows) {
        List<AlarmRule> quality = AlarmRules.forModel(model).stream()
                .filter(r -> r.category() == AlarmCategory.QUALITY).toList();
        if (quality.isEmpty()) {
            throw new IllegalArgumentException("model " + model.name()
                    + " has no quality alarm to judge a candidate by");
        }
        AlarmRule chosen = quality.stream()
                .filter(r -> alarmName != null && alarmName.endsWith("-" + r.id()))
                .findFirst().orElse(quality.get(0));
        Metric primary = Metric.byPublishedName(chosen.metric().publishedName());
        Map<Metric, Double> guards = new LinkedHashMap<>();
        for (AlarmRule r : quality) {
            Metric m = Metric.byPublishedName(r.metric().publishedName());
            if (m != primary && m.judgesQuality()) {
                guards.put(m, DEFAULT_GUARD_TOLERANCE);
            }
        }
        return new PromotionGate(primary, margin, guards, minimumRows);
    }

    /** As {@link #forAlarm(String, WatchedModel, double, long)}, judged on any number of rows. */
    public static PromotionGate forAlarm(String alarmName, WatchedModel model, double margin) {
        return forAlarm(alarmName, model, margin, 1);
    }

    /** Compares the candidate with the champion (null when the model has none). */
    public Verdict judge(MetricReport candidate, MetricReport champion) {
        double mine = candidate.value(metric);
        String name = metric.publishedName();
        if (candidate.rowsScored() < minimumRows) {
            return new Verdict(false, mine, champion == null ? Double.NaN : champion.value(metric), Double.NaN,
                    "only " + candidate.rowsScored() + " held-out rows were scored; at least " + minimumRows
                            + " are needed to judge a promotion", List.of());
        }
        if (!Double.isFinite(mine)) {
            return new Verdict(false, mine, Double.NaN, Double.NaN,
                    "the candidate's " + name + " is undefined on the held-out rows", List.of());
        }
        if (champion == null) {
            return new Verdict(true, mine, Double.NaN, Double.NaN, "no champion yet", List.of());
        }
        List<GuardCheck> checks = guardChecks(candidate, champion);
        List<GuardCheck> broken = checks.stream().filter(c -> !c.held()).toList();
        double theirs = champion.value(metric);
        if (!Double.isFinite(theirs)) {
            return broken.isEmpty()
                    ? new Verdict(true, mine, theirs, Double.NaN,
                            "the champion's " + name + " is undefined on the held-out rows", checks)
                    : new Verdict(false, mine, theirs, Double.NaN, brokenText(broken), checks);
        }
        double improvement = improvement(metric, mine, theirs);
        boolean better = improvement >= margin;
        String comparison = String.format(Locale.ROOT, "held-out %s %.4f vs champion %.4f (%s%.4f; margin %s)",
                name, mine, theirs, improvement >= 0 ? "+" : "", improvement, margin);
        if (better && !broken.isEmpty()) {
            return new Verdict(false, mine, theirs, improvement, comparison + ", but " + brokenText(broken), checks);
        }
        return new Verdict(better, mine, theirs, improvement,
                (better ? "better: " : "not better by the margin: ") + comparison, checks);
    }

    private List<GuardCheck> guardChecks(MetricReport candidate, MetricReport champion) {
        List<GuardCheck> checks = new ArrayList<>();
        for (Map.Entry<Metric, Double> guard : guards.entrySet()) {
            Metric m = guard.getKey();
            double theirs = champion.value(m);
            if (!Double.isFinite(theirs)) {
                continue;
            }
            double mine = candidate.value(m);
            double change = Double.isFinite(mine) ? improvement(m, mine, theirs) : Double.NEGATIVE_INFINITY;
            checks.add(new GuardCheck(m.publishedName(), mine, theirs, guard.getValue(),
                    change >= -guard.getValue()));
        }
        return checks;
    }

    private static String brokenText(List<GuardCheck> broken) {
        List<String> parts = new ArrayList<>();
        for (GuardCheck c : broken) {
            parts.add(Double.isFinite(c.candidate())
                    ? String.format(Locale.ROOT, "%s %.4f vs champion %.4f is worse by more than %s", c.metric(),
                            c.candidate(), c.champion(), c.tolerance())
                    : c.metric() + " is undefined for the candidate");
        }
        return "guard metric " + String.join("; ", parts);
    }

    private static double improvement(Metric m, double mine, double theirs) {
        return m.direction() == Direction.LOWER_IS_BETTER ? theirs - mine : mine - theirs;
    }

    /**
     * One guard metric compared.
     *
     * @param metric its published name
     * @param candidate the candidate's value (NaN when undefined)
     * @param champion the champion's value
     * @param tolerance the most worsening tolerated
     * @param held whether the candidate stayed within it
     */
    public record GuardCheck(String metric, double candidate, double champion, double tolerance, boolean held) {}

    /**
     * The gate's answer.
     *
     * @param promote whether the candidate becomes the champion
     * @param candidate the candidate's value of the primary metric
     * @param champion the champion's value (NaN when there is none)
     * @param improvement how much better the candidate is, in the good direction (NaN without a champion)
     * @param reason one sentence for the report and the promotion pointer
     * @param guards the guard metrics compared
     */
    public record Verdict(boolean promote, double candidate, double champion, double improvement, String reason,
            List<GuardCheck> guards) {
        public Verdict {
            guards = List.copyOf(guards);
        }
    }
}
