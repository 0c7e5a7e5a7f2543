package dev.vigil.metrics;

/** A place that charts metrics over time. */
public enum Chart {
    /** The CloudWatch dashboard the CDK app deploys ({@code VigilDashboard}). */
    DASHBOARD,
    /** The history section of an evaluation run's HTML report ({@code HtmlReport}). */
    REPORT
}
