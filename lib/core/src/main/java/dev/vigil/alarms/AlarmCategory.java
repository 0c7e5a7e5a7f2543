package dev.vigil.alarms;

/** What an alarm watches; decides where its notifications go. */
public enum AlarmCategory {
    /** Model quality from an evaluation run (F1, AUC, MAE...): may start a retrain. */
    QUALITY,
    /** Feature or prediction drift against the manifest's baseline: may start a retrain. */
    DRIFT,
    /** Health of the evaluation itself (failed run, empty window): a person looks, retraining would not help. */
    EVALUATION,
    /**
     * The data a traffic-mode model is judged on (label coverage, inputs outside the baseline's range): a person
     * looks at the label pipeline or the callers; retraining would not help.
     */
    DATA,
    /** Health of the serving path and the async functions (5xx rate, latency, dead letters). */
    SERVICE
}
