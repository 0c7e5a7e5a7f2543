/**
 * The evaluate function: scores a model version against labelled data, records the run and publishes its metrics.
 *
 * <p>{@link dev.vigil.evaluate.EvaluateHandler} is the only class Lambda knows; it reads the event with
 * {@link dev.vigil.evaluate.EvaluateEvent}, which checks every field and says what kind of
 * {@link dev.vigil.evaluate.Invocation} it is, and hands it to {@link dev.vigil.evaluate.Evaluation}, where the work
 * is: one pass, or a sharded run's plan, shards, merge and abort. How a run ends (status, message, report, index
 * entry, published values) is decided in {@link dev.vigil.evaluate.RunRecorder}; the defaults a run may override are
 * {@link dev.vigil.evaluate.EvaluationOptions}. A sharded run's items are bounded (objects, bytes of JSON) by
 * {@link dev.vigil.evaluate.ShardItems}, so each fits one Step Functions child execution. The metric engine, readers
 * and reports it uses are in {@code lib/core}; the events it takes are in {@code events/evaluate/}.
 */
package dev.vigil.evaluate;
