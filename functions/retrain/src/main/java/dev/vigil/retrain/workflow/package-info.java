/**
 * The retrain function: the Lambda tasks of Vigil's retraining workflow (a Step Functions state machine).
 *
 * <ul>
 *   <li>{@link dev.vigil.retrain.workflow.RetrainWorkflowHandler}: the entry point, dispatching on {@code step};</li>
 *   <li>{@link dev.vigil.retrain.workflow.WorkflowSteps}: train (or adopt a pipeline's candidate), then decide with
 *   the shared promotion gate of {@code dev.vigil.training}, or record a failure;</li>
 *   <li>{@link dev.vigil.retrain.workflow.RetrainWorkflowConfig}: its settings.</li>
 * </ul>
 */
package dev.vigil.retrain.workflow;
