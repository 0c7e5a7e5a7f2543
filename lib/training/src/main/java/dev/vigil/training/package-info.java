/**
 * Retraining as plain Java, shared by the local runner's in-process backend and the AWS retraining workflow.
 *
 * <ul>
 *   <li>Data: {@link dev.vigil.training.TrainingWindow} reads a labelled window, {@link
 *   dev.vigil.training.TrafficTrainingWindow} the joined served traffic of judged windows; both give {@link
 *   dev.vigil.training.LabelledRows}, which {@link dev.vigil.training.DataSplit} splits by time (traffic by serving
 *   time, labelled data by partition and row order), so the held-out part is newer than what the candidate learnt
 *   from; {@link dev.vigil.training.RowOrigins} lets the report name each part's first and last row.</li>
 *   <li>Training: {@link dev.vigil.training.Trainer} ({@link dev.vigil.training.LogisticRegressionTrainer}, Tribuo's
 *   SGD exported to ONNX) over the {@link dev.vigil.training.Hyperparameters} grid of {@link
 *   dev.vigil.training.RetrainSettings}.</li>
 *   <li>The decision: {@link dev.vigil.training.PromotionGate} compares a candidate's held-out metrics with the
 *   champion's — the same code locally and in the workflow's gate step.</li>
 *   <li>One whole run in process: {@link dev.vigil.training.Retrainer}; its record: {@link
 *   dev.vigil.training.RetrainReport}, written by {@link dev.vigil.training.RetrainReports}.</li>
 *   <li>{@link dev.vigil.training.ChurnData}: the synthetic churn data the demo serves and tests train on.</li>
 * </ul>
 */
package dev.vigil.training;
