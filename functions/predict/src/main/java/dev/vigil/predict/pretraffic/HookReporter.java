package dev.vigil.predict.pretraffic;

/** Tells CodeDeploy the result of one lifecycle hook execution. */
public interface HookReporter {

    /**
     * Reports Succeeded ({@code passed}) or Failed for {@code event}'s hook execution.
     *
     * @throws RuntimeException when CodeDeploy could not be told
     */
    void report(HookEvent event, boolean passed);
}
