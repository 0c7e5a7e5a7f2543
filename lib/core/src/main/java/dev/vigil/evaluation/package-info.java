/**
 * Vigil's one metric engine, used by the evaluate function, the promotion gate and the reports.
 *
 * <p>Flow: one {@link dev.vigil.evaluation.ClassificationAccumulator} or
 * {@link dev.vigil.evaluation.RegressionAccumulator} per shard → an immutable, JSON-serialisable
 * {@link dev.vigil.evaluation.EvaluationState} → {@link dev.vigil.evaluation.EvaluationState#merge} (exact,
 * associative; merging shard states in order equals one pass, bit for bit) →
 * {@link dev.vigil.evaluation.EvaluationState#report} → {@link dev.vigil.evaluation.MetricReport}. Every quality
 * metric carries a confidence interval computed from the finished state; the methods are in
 * {@link dev.vigil.evaluation.ConfidenceIntervals} and named by {@link dev.vigil.evaluation.IntervalMethod}.
 *
 * <p>Definitions follow scikit-learn (checked to 1e-9 against independently computed values, see
 * {@code src/test/resources/reference/README.md}):
 * <ul>
 *   <li>precision/recall/F1: zero denominators give 0 (scikit-learn's {@code zero_division="warn"} default, the
 *       warning recorded in {@link dev.vigil.evaluation.MetricReport#warnings()}); macro and weighted averages run
 *       over labels present in the true or predicted rows ({@code labels=None}); "binary" is labels[1].</li>
 *   <li>ROC-AUC: binary on the positive-class probability; multiclass one-vs-rest, macro. NaN
 *       ({@link dev.vigil.evaluation.MetricStatus#UNDEFINED}) when a class is absent, where scikit-learn raises.
 *       Tied scores count half.</li>
 *   <li>Average precision: step-wise {@code Σ (R_n − R_{n−1}) P_n}, no interpolation; 0 when there are no positives
 *       (as scikit-learn); multiclass one-vs-rest macro, NaN when a class never occurs.</li>
 *   <li>Log loss: probabilities clipped to [eps, 1 − eps] with eps = 2^-52 (float64 machine epsilon, as scikit-learn
 *       ≥ 1.5 for float64 input); rows are not renormalised.</li>
 *   <li>Brier: binary {@code mean (p_pos − y)^2}; multiclass {@code mean Σ_k (p_k − [y = k])^2}, range [0, 2]
 *       (scikit-learn ≥ 1.7's {@code scale_by_half="auto"}).</li>
 *   <li>MAPE: {@code |y − ŷ| / max(|y|, 2^-52)}; R²: 1 when residual and total sums of squares are both 0, 0 when
 *       only the total is ({@code force_finite}), NaN below two rows; median absolute error: numpy's median, and
 *       with weights the averaged inverted CDF (equal to numpy's median for unit weights).</li>
 * </ul>
 *
 * <p>Sample weights are optional and, when given, used by every metric (a weight of 1 is the unweighted case; zero
 * weights are allowed). Sums are kept exactly ({@link dev.vigil.evaluation.ExactSum}); what is kept per row (needed
 * for exact ROC-AUC, average precision and medians) is stated on each state type: 8 bytes per row for binary
 * models, 8·C for C classes, 16 for regression, plus 8 when weighted.
 */
package dev.vigil.evaluation;
