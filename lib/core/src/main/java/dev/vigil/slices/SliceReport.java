package dev.vigil.slices;

import dev.vigil.evaluation.ClassificationState;
import dev.vigil.evaluation.EvaluationState;
import dev.vigil.evaluation.Metric;
import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricValue;
import dev.vigil.evaluation.MinimumSampleSize;
import dev.vigil.metrics.Direction;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.model.ModelMonitoring;
import dev.vigil.model.ProtectedAttribute;
import dev.vigil.model.SliceColumn;
import dev.vigil.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slices and fairness section of a run's report, computed from a merged {@link SliceState}: per declared column
 * its slices (at most {@link ModelMonitoring#maxValues()} values by rows, the rest counted as {@code (other)}), the
 * worst judged slices ranked by the good-side bound of {@link #rankedBy}, and per protected attribute its
 * {@link FairnessReport}. Every slice metric and interval is the engine's ({@link EvaluationState#report}).
 *
 * @param minimumRows rows a slice needs to be judged
 * @param level the intervals' confidence level
 * @param rankedBy the metric slices are ranked by: accuracy for classifiers, MAE for regression
 * @param columns each declared column's slices, in declaration order
 * @param worst the judged slices of every column, worst first, at most {@value #MAX_RANKED}
 * @param fairness one report per protected attribute, in declaration order
 */
public record SliceReport(long minimumRows, double level, Metric rankedBy, List<ColumnSlices> columns,
        List<RankedSlice> worst, List<FairnessReport> fairness) {
    /** Slices listed in {@link #worst}. */
    public static final int MAX_RANKED = 10;
    /** The name of the slice counting the values beyond a column's {@link ModelMonitoring#maxValues()}. */
    public static final String OTHER = "(other)";

    public SliceReport {
        columns = List.copyOf(columns);
        worst = List.copyOf(worst);
        fairness = fairness == null ? List.of() : List.copyOf(fairness);
    }

    /** The slice key of {@code value} in {@code column}: {@code column=value}, the {@code slice} dimension value. */
    public static String key(String column, String value) {
        return column + "=" + value;
    }

    /** The metric slices of a model of {@code task} are ranked by. */
    public static Metric rankingMetric(Task task) {
        return task == Task.REGRESSION ? Metric.MAE : Metric.ACCURACY;
    }

    /** The report of {@code state}, sliced as {@code monitoring} declares, with intervals at {@code level}. */
    public static SliceReport of(SliceState state, ModelMonitoring monitoring, Task task, double level) {
        MinimumSampleSize minimum = new MinimumSampleSize(monitoring.minimumRows());
        Metric ranking = rankingMetric(task);
        List<ColumnSlices> columns = new ArrayList<>();
        List<RankedSlice> ranked = new ArrayList<>();
        for (SliceColumn spec : monitoring.columns()) {
            if (monitoring.slices().stream().noneMatch(s -> s.column().equals(spec.column()))) {
                continue; // read for a protected attribute only
            }
            SliceState.ColumnState column = state.column(spec.column());
            ColumnSlices slices = column(spec, column, monitoring.maxValues(), minimum, level, ranking);
            columns.add(slices);
            slices.slices().stream().filter(SliceResult::judged).filter(s -> s.ranked() != null)
                    .forEach(s -> ranked.add(rankedSlice(s, ranking)));
        }
        Comparator<RankedSlice> worstFirst = Comparator.comparingDouble(RankedSlice::bound);
        if (ranking.direction() == Direction.LOWER_IS_BETTER) {
            worstFirst = worstFirst.reversed();
        }
        ranked.sort(worstFirst.thenComparing(RankedSlice::slice));
        List<FairnessReport> fairness = new ArrayList<>();
        for (ProtectedAttribute attribute : monitoring.protectedAttributes()) {
            fairness.add(fairness(attribute, state.column(attribute.column()), minimum, level));
        }
        return new SliceReport(minimum.rows(), level, ranking, columns,
                ranked.subList(0, Math.min(MAX_RANKED, ranked.size())), fairness);
    }

    private static ColumnSlices column(SliceColumn spec, SliceState.ColumnState column, int maxValues,
            MinimumSampleSize minimum, double level, Metric ranking) {
        if (column == null || column.rows() == 0) {
            return new ColumnSlices(spec.column(), spec.binned(), 0, null, List.of());
        }
        if (column.overflowed()) {
            return new ColumnSlices(spec.column(), spec.binned(), column.rows(), "holds more than "
                    + ModelMonitoring.MAX_TRACKED_VALUES + " distinct values, so it is not sliced: declare bins"
                    + " (edges) or slice by a coarser column", List.of());
        }
        Map<String, EvaluationState> values = column.values();
        List<String> regular = new ArrayList<>(values.keySet().stream().filter(SliceState::countsTowardsLimit)
                .toList());
        if (spec.binned()) {
            List<String> bins = spec.bins();
            regular.sort(Comparator.comparingInt(bins::indexOf));
        } else {
            regular.sort(Comparator.comparingLong((String v) -> -values.get(v).rows())
                    .thenComparing(Comparator.naturalOrder()));
        }
        List<SliceResult> results = new ArrayList<>();
        List<String> note = new ArrayList<>();
        EvaluationState other = null;
        int otherValues = 0;
        for (int i = 0; i < regular.size(); i++) {
            String value = regular.get(i);
            if (i < maxValues) {
                results.add(result(spec.column(), value, values.get(value), 1, minimum, level, ranking));
            } else {
                other = other == null ? values.get(value) : other.merge(values.get(value));
                otherValues++;
            }
        }
        if (other != null) {
            results.add(result(spec.column(), OTHER, other, otherValues, minimum, level, ranking));
            note.add(otherValues + " values with the fewest rows beyond the " + maxValues + " shown are counted"
                    + " together as " + OTHER);
        }
        for (String special : List.of(SliceColumn.INVALID, SliceColumn.MISSING)) {
            EvaluationState s = values.get(special);
            if (s != null) {
                results.add(result(spec.column(), special, s, 1, minimum, level, ranking));
            }
        }
        EvaluationState missing = values.get(SliceColumn.MISSING);
        if (missing != null && missing.rows() == column.rows()) {
            note.add(0, "slice column missing: no row has a value in it, so every row is in " + SliceColumn.MISSING);
        }
        return new ColumnSlices(spec.column(), spec.binned(), column.rows(), note.isEmpty() ? null
                : String.join("; ", note), results);
    }

    private static SliceResult result(String column, String value, EvaluationState state, int values,
            MinimumSampleSize minimum, double level, Metric ranking) {
        String key = key(column, value);
        if (!minimum.isMetBy(state.rows())) {
            return new SliceResult(value, key, state.rows(), false, null, List.of(), values);
        }
        MetricReport report = state.report(minimum, level);
        List<MetricValue> quality = report.metrics().stream().filter(m -> m.metric().judgesQuality()).toList();
        return new SliceResult(value, key, state.rows(), true, report.metric(ranking).orElse(null), quality, values);
    }

    private static RankedSlice rankedSlice(SliceResult s, Metric ranking) {
        MetricValue v = s.ranked();
        boolean higherIsBetter = ranking.direction() == Direction.HIGHER_IS_BETTER;
        double bound = v.hasInterval() && Double.isFinite(v.lower()) && Double.isFinite(v.upper())
                ? (higherIsBetter ? v.upper() : v.lower()) : v.value();
        return new RankedSlice(s.slice(), s.rows(), v.value(), v.lower(), v.upper(), bound);
    }

    private static FairnessReport fairness(ProtectedAttribute attribute, SliceState.ColumnState column,
            MinimumSampleSize minimum, double level) {
        String name = attribute.column();
        if (column == null || column.rows() == 0) {
            return new FairnessReport(name, attribute.privileged(), null, 0, "no rows were scored", List.of());
        }
        if (column.overflowed()) {
            return new FairnessReport(name, attribute.privileged(), null, 0, "holds more than "
                    + ModelMonitoring.MAX_TRACKED_VALUES + " distinct values, so its groups are not compared",
                    List.of());
        }
        long without = 0;
        for (String special : List.of(SliceColumn.MISSING, SliceColumn.INVALID)) {
            EvaluationState s = column.values().get(special);
            without += s == null ? 0 : s.rows();
        }
        EvaluationState privilegedState = column.values().get(attribute.privileged());
        GroupRates privileged = privilegedState == null ? null : rates(privilegedState);
        boolean privilegedJudged = privileged != null && minimum.isMetBy(privileged.rows());
        List<String> groups = column.values().keySet().stream().filter(SliceState::countsTowardsLimit)
                .filter(v -> !v.equals(attribute.privileged()))
                .sorted(Comparator.comparingLong((String v) -> -column.values().get(v).rows())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        List<GroupComparison> comparisons = new ArrayList<>();
        for (String group : groups) {
            GroupRates rates = rates(column.values().get(group));
            String slice = key(name, group);
            comparisons.add(privilegedJudged && minimum.isMetBy(rates.rows())
                    ? GroupComparison.compare(group, slice, rates, privileged, level)
                    : GroupComparison.tooFewRows(group, slice, rates));
        }
        String note = null;
        if (privileged == null) {
            note = "no row is in the privileged group '" + attribute.privileged() + "', so no group is compared";
        } else if (!privilegedJudged) {
            note = "the privileged group '" + attribute.privileged() + "' has " + privileged.rows() + " rows, fewer"
                    + " than the minimum of " + minimum.rows() + ", so no group is compared";
        } else if (comparisons.stream().anyMatch(c -> !c.judged())) {
            note = "groups with fewer than " + minimum.rows() + " rows are not compared";
        }
        return new FairnessReport(name, attribute.privileged(), privileged, without, note, comparisons);
    }

    private static GroupRates rates(EvaluationState state) {
        return GroupRates.of((ClassificationState) state);
    }

    /**
     * What this section publishes, by slice key then metric name: per judged slice of a declared value or bin (not
     * {@code (other)}, {@code (missing)} or {@code (invalid)}, whose rows change from run to run) its published
     * quality metrics with their confidence bounds ({@link dev.vigil.evaluation.MetricValue#putPublished}), and per
     * compared group its fairness metrics; undefined values are left out.
     */
    public Map<String, Map<String, Double>> published() {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (ColumnSlices column : columns) {
            for (SliceResult s : column.slices()) {
                if (!s.judged() || s.value().equals(OTHER) || s.value().equals(SliceColumn.MISSING)
                        || s.value().equals(SliceColumn.INVALID)) {
                    continue;
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (MetricValue v : s.metrics()) {
                    VigilMetric metric = v.metric().catalogEntry();
                    if (v.publishable() && metric.published() && Double.isFinite(v.value())) {
                        v.putPublished(metrics);
                    }
                }
                if (!metrics.isEmpty()) {
                    values.put(s.slice(), metrics);
                }
            }
        }
        for (FairnessReport attribute : fairness) {
            for (GroupComparison g : attribute.groups()) {
                if (!g.judged()) {
                    continue;
                }
                Map<String, Double> metrics = values.computeIfAbsent(g.slice(), k -> new LinkedHashMap<>());
                putIfFinite(metrics, VigilMetric.DEMOGRAPHIC_PARITY_DIFFERENCE, g.demographicParityDifference());
                putIfFinite(metrics, VigilMetric.EQUAL_OPPORTUNITY_DIFFERENCE, g.equalOpportunityDifference());
                putIfFinite(metrics, VigilMetric.DISPARATE_IMPACT_RATIO, g.disparateImpactRatio());
                if (metrics.isEmpty()) {
                    values.remove(g.slice());
                }
            }
        }
        return values;
    }

    private static void putIfFinite(Map<String, Double> metrics, VigilMetric metric, FairnessIntervals.Estimate e) {
        if (e != null && Double.isFinite(e.value())) {
            metrics.put(metric.publishedName(), e.value());
        }
    }
}
