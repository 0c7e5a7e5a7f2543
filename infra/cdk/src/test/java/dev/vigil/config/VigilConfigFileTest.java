package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alarms.AlarmOn;
import dev.vigil.model.Task;
import dev.vigil.retrain.RetrainBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilConfigFileTest {

    private static List<String> problemsOf(String json) {
        return assertThrows(InvalidConfigException.class, () -> VigilConfigFile.parse(json, "test.json")).problems();
    }

    private static void assertProblem(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing '" + expected + "' in " + problems);
    }

    @Test
    void theCommittedDeploymentConfigIsValid() {
        VigilConfig config = VigilConfigFile.load(Path.of("vigil.config.json"));

        assertEquals("churn", config.defaultModel().name());
        assertEquals(RetrainBackend.STEP_FUNCTIONS, config.retrain().backend());
        assertTrue(config.retrain().builtInWorkflow(), "the default starts Vigil's own retraining workflow");
    }

    @Test
    void absentFieldsTakeSafeDefaults() {
        VigilConfig config = VigilConfigFile.parse(
                "{\"models\":[{\"name\":\"price\",\"task\":\"regression\",\"thresholds\":{\"Mae\":3}}]}", "t");

        assertEquals("Vigil", config.metricsNamespace());
        assertEquals(Task.REGRESSION, config.defaultModel().task());
        assertEquals("rate(1 day)", config.defaultModel().schedule());
        assertEquals(Duration.ofHours(1), config.defaultModel().alarmPeriod());
        assertEquals(RetrainBackend.STEP_FUNCTIONS, config.retrain().backend());
        assertTrue(config.retrain().builtInWorkflow(), "the default starts Vigil's own retraining workflow");
        assertEquals(Duration.ofHours(6), config.retrain().cooldown());
        assertEquals(AuthConfig.Mode.IAM, config.auth().mode());
        assertEquals(null, config.alertEmail());
        assertEquals(30, config.logRetentionDays());
        assertTrue(config.reservedConcurrency().enabled());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() {
        List<String> problems = problemsOf("""
                {"metricsNamespace": "AWS/Lambda",
                 "models": [
                   {"name": "churn", "task": "binary_classification", "thresholds": {"Mae": 2}},
                   {"name": "churn", "task": "regression", "qualityDefaults": true},
                   {"name": "bad name", "task": "binary_classification"}],
                 "alertEmail": "nobody",
                 "logRetentionDays": 31,
                 "serviceThresholds": {"Predict5xxRate": 120}}""");

        assertProblem(problems, "metricsNamespace: VIGIL_METRICS_NAMESPACE must be 1-255 of");
        assertProblem(problems, "models[0]: model 'churn' (binary_classification): thresholds.Mae does not apply");
        assertProblem(problems, "models[1]: model 'churn' (regression): thresholds.Mae is required");
        assertProblem(problems, "models[1].name 'churn' appears twice");
        assertProblem(problems, "models[2].name must match");
        assertProblem(problems, "alertEmail is not an e-mail address: nobody");
        assertProblem(problems, "logRetentionDays must be one of [1, 3, 5, 7, 14, 30,");
        assertProblem(problems, "service thresholds.Predict5xxRate is a percentage");
        assertEquals(8, problems.size(), problems.toString());
    }

    @Test
    void schedulesAreCheckedTheWayEventBridgeChecksThem() {
        assertEquals(null, ModelConfig.scheduleProblem("rate(1 day)"));
        assertEquals(null, ModelConfig.scheduleProblem("rate(15 minutes)"));
        assertEquals(null, ModelConfig.scheduleProblem("cron(0 6 ? * MON-FRI *)"));
        assertTrue(ModelConfig.scheduleProblem("rate(1 days)").contains("singular unit for 1"));
        assertTrue(ModelConfig.scheduleProblem("rate(5 minute)").contains("plural"));
        assertTrue(ModelConfig.scheduleProblem("cron(0 6 * * *)").contains("needs 6 fields"));
        assertTrue(ModelConfig.scheduleProblem("cron(0 6 1 * MON *)").contains("must be '?'"));
        assertTrue(ModelConfig.scheduleProblem("every day").contains("not an EventBridge schedule"));

        assertProblem(problemsOf("{\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\","
                + "\"schedule\":\"rate(0 hours)\"}]}"),
                "models[0].schedule 'rate(0 hours)' must use a positive number");
    }

    @Test
    void retrainTargetMustFitTheBackend() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        assertTrue(VigilConfigFile.parse("{" + model + ",\"retrain\":{\"backend\":\"stepfunctions\"}}", "t").retrain()
                .builtInWorkflow(), "stepfunctions without a target is Vigil's own workflow");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"backend\":\"stepfunctions\",\"target\":\"my-sm\"}}"),
                "retrain.target for the stepfunctions backend must be empty (Vigil's retraining workflow) or a state"
                        + " machine ARN");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"backend\":\"sagemaker\",\"target\":\"bad_name!\"}}"),
                "must be a SageMaker pipeline name");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"backend\":\"dry-run\",\"target\":\"x\"}}"),
                "retrain.target must be empty for the dry-run backend");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"backend\":\"eventbridge\",\"target\":\"default\","
                + "\"cooldown\":\"-PT1H\"}}"), "retrain.cooldown: VIGIL_RETRAIN_COOLDOWN must be an ISO-8601 duration"
                + " such as PT6H, zero or more; it is 'PT-1H'");
        assertEquals("retrain-bus", VigilConfigFile.parse("{" + model
                + ",\"retrain\":{\"backend\":\"eventbridge\",\"target\":\"retrain-bus\"}}", "t").retrain().target());
    }

    @Test
    void jwtAuthNeedsAnHttpsIssuerAndAnAudience() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        List<String> problems = problemsOf("{" + model + ",\"auth\":{\"mode\":\"jwt\",\"issuer\":\"http://idp\"}}");

        assertProblem(problems, "auth.issuer must be the JWT issuer's https:// URL");
        assertProblem(problems, "auth.audience must list at least one accepted audience");
        assertProblem(problemsOf("{" + model + ",\"auth\":{\"mode\":\"iam\",\"issuer\":\"https://idp\"}}"),
                "only apply when auth.mode is jwt");
    }

    @Test
    void shardConcurrencyMustLeaveEvaluateRoomForScheduledRuns() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        assertProblem(problemsOf("{" + model + ",\"sharding\":{\"maxConcurrency\":10}}"),
                "sharding.maxConcurrency (10) must be below reservedConcurrency.evaluate (10)");
        assertEquals(50, VigilConfigFile.parse("{" + model + ",\"sharding\":{\"maxConcurrency\":50},"
                + "\"reservedConcurrency\":{\"enabled\":false}}", "t").sharding().maxConcurrency());
    }

    @Test
    void aMistypedFieldIsAnErrorNamingWhereItIs() {
        List<String> problems = problemsOf(
                "{\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\",\"tresholds\":{}}]}");

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("models[0].tresholds: Unrecognized field \"tresholds\""),
                problems.get(0));
    }

    @Test
    void alarmOnAndTheConfidenceLevelAreCheckedInVigilsWords() {
        String model = "{\"name\":\"m\",\"task\":\"binary_classification\"";
        VigilConfig defaults = VigilConfigFile.parse("{\"models\":[" + model + "}]}", "t");
        assertEquals(AlarmOn.BOUND, defaults.models().get(0).alarmOn());
        assertEquals(0.95, defaults.confidenceLevel());
        VigilConfig point = VigilConfigFile.parse("{\"models\":[" + model + ",\"alarmOn\":\"point\"}],"
                + "\"confidenceLevel\":0.9}", "t");
        assertEquals(AlarmOn.POINT, point.models().get(0).watched().alarmOn());
        assertEquals(0.9, point.confidenceLevel());

        String upper = problemsOf("{\"models\":[" + model + ",\"alarmOn\":\"upper\"}]}").get(0);
        assertTrue(upper.startsWith("models[0].alarmOn: "), upper);
        assertTrue(upper.contains("alarmOn must be \"point\" or \"bound\", was \"upper\""), upper);
        assertProblem(problemsOf("{\"models\":[" + model + "}],\"confidenceLevel\":95}"),
                "confidenceLevel must be at least 0.5 and below 1 (e.g. 0.95 for 95% intervals), was 95");
    }

    @Test
    void anUnknownTaskListsTheAcceptedOnes() {
        String problem = problemsOf("{\"models\":[{\"name\":\"m\",\"task\":\"classifier\"}]}").get(0);

        assertTrue(problem.startsWith("models[0].task: "), problem);
        assertTrue(problem.contains("binary_classification") && problem.contains("regression"), problem);
    }

    @Test
    void brokenJsonAndEmptyModelListAreExplained() {
        assertProblem(problemsOf("{\"models\": ["), "is not valid JSON");
        assertProblem(problemsOf("{}"), "models must list at least one model");
    }

    @Test
    void aMissingConfigFileSaysHowToPointAtOne(@TempDir Path dir) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> VigilConfigFile.load(dir.resolve("nope.json")));

        assertTrue(e.getMessage().contains(dir.resolve("nope.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("-c vigilConfig=PATH"), e.getMessage());
    }

    /**
     * The CDK config refused a zero cooldown that the retrain-trigger accepts (RetrainPolicy: zero or positive); the
     * settings catalog decides for both, so a configuration deploys exactly when the function would start with it.
     */
    @Test
    void aZeroCooldownDeploysBecauseTheRetrainTriggerAcceptsIt() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        assertEquals(Duration.ZERO, VigilConfigFile.parse("{" + model + ",\"retrain\":{\"cooldown\":\"PT0S\"}}", "t")
                .retrain().cooldown());
    }

    @Test
    void theRollbackWatchWindowDefaultsToADayAndIsCheckedByTheCatalogTheTriggerReadsItWith() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        assertEquals(Duration.ofHours(24), VigilConfigFile.parse("{" + model + "}", "t").retrain().rollbackWindow());
        assertEquals(Duration.ofHours(2), VigilConfigFile.parse("{" + model
                + ",\"retrain\":{\"rollbackWindow\":\"PT2H\"}}", "t").retrain().rollbackWindow());
        assertEquals(Duration.ZERO, VigilConfigFile.parse("{" + model
                + ",\"retrain\":{\"rollbackWindow\":\"PT0S\"}}", "t").retrain().rollbackWindow());
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"rollbackWindow\":\"-PT1H\"}}"),
                "retrain.rollbackWindow: VIGIL_ROLLBACK_WINDOW must be an ISO-8601 duration");
    }

    @Test
    void predictSettingsAreCheckedByTheCatalogThatPredictReadsThemWith() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        List<String> problems = problemsOf("{" + model + ",\"predict\":{\"championTtlSeconds\":0,"
                + "\"maxBodyBytes\":20971520}}");
        assertEquals(List.of(
                "predict.championTtlSeconds: VIGIL_CHAMPION_TTL_SECONDS must be a whole number of at least 1;"
                        + " it is '0'",
                "predict.maxBodyBytes: VIGIL_MAX_BODY_BYTES must be a whole number from 1 to 10485760; it is"
                        + " '20971520'"), problems);
    }

    @Test
    void captureAndTrafficMonitoringDefaultToCapturingEverythingAndJudgingLabelledData() {
        VigilConfig config = VigilConfigFile.parse(
                "{\"models\":[{\"name\":\"churn\",\"task\":\"binary_classification\"}]}", "t");

        assertTrue(config.capture().enabled());
        assertEquals(90, config.capture().retentionDays());
        assertEquals(3, config.capture().logRetentionDays());
        assertEquals(8, config.capture().buckets());
        assertEquals(Duration.ofMinutes(5), config.capture().bufferInterval());
        ModelConfig model = config.defaultModel();
        assertEquals(Monitoring.LABELLED, model.monitoring());
        assertEquals("rate(1 day)", model.traffic().schedule());
        assertEquals(Duration.ofDays(1), model.traffic().length());
        assertEquals(Duration.ofDays(7), model.traffic().labelDelay());
        assertEquals("rate(1 hour)", model.drift().schedule());
        assertEquals(Duration.ofHours(1), model.drift().length());
        assertEquals(false, model.watched().watchesTraffic());
    }

    @Test
    void aTrafficModelIsWatchedOnTrafficAndKeepsItsConfiguredWindows() {
        VigilConfig config = VigilConfigFile.parse("""
                {"models": [{"name": "churn", "task": "binary_classification", "monitoring": "traffic",
                             "traffic": {"schedule": "rate(6 hours)", "length": "PT6H", "labelDelay": "P14D"},
                             "drift": {"schedule": "rate(30 minutes)", "length": "PT2H"}}],
                 "capture": {"retentionDays": 30, "buckets": 16, "bufferInterval": "PT2M"}}""", "t");

        ModelConfig model = config.defaultModel();
        assertTrue(model.watched().watchesTraffic());
        assertEquals(Duration.ofHours(6), model.traffic().length());
        assertEquals("P14D", IsoDurations.format(model.traffic().labelDelay()));
        assertEquals("PT6H", IsoDurations.format(model.traffic().length()));
        assertEquals("rate(30 minutes)", model.drift().schedule());
        assertEquals(16, config.capture().buckets());
    }

    @Test
    void captureAndTrafficProblemsAreReportedNamingTheirFields() {
        List<String> problems = problemsOf("""
                {"models": [{"name": "churn", "task": "binary_classification", "monitoring": "traffic",
                             "traffic": {"schedule": "rate(1 days)", "length": "PT90M", "labelDelay": "-P1D"},
                             "drift": {"schedule": "every hour", "length": "PT0S"}}],
                 "capture": {"enabled": false, "retentionDays": 0, "logRetentionDays": 2, "buckets": 6,
                             "bufferInterval": "PT20M"}}""");

        assertProblem(problems, "models[0].monitoring is \"traffic\", which judges captured predictions, but"
                + " capture.enabled is false");
        assertProblem(problems, "models[0].traffic.schedule 'rate(1 days)'");
        assertProblem(problems, "models[0].traffic.length must be a positive whole number of hours");
        assertProblem(problems, "models[0].traffic.labelDelay must not be negative");
        assertProblem(problems, "models[0].drift.schedule 'every hour' is not an EventBridge schedule");
        assertProblem(problems, "models[0].drift.length must be a positive whole number of hours");
        assertProblem(problems, "capture.retentionDays must be at least 1: 0");
        assertProblem(problems, "capture.logRetentionDays must be one of [1, 3, 5,");
        assertProblem(problems, "capture.buckets: ");
        assertProblem(problems, "capture.bufferInterval must be whole seconds from PT1M to PT15M");
        assertEquals(10, problems.size(), problems.toString());
        assertProblem(problemsOf("{\"models\": [{\"name\": \"m\", \"task\": \"regression\","
                + " \"thresholds\": {\"Mae\": 1}, \"monitoring\": \"served\"}]}"), "monitoring");
    }

    @Test
    void theStaleQualityAlarmLooksBackTwiceTheLongestGapBetweenRunsByDefault() {
        assertEquals(48, ModelConfig.defaultStalePeriods("rate(1 day)", Duration.ofHours(1)), "two daily runs");
        assertEquals(24, ModelConfig.defaultStalePeriods("cron(0 6 ? * MON-FRI *)", Duration.ofHours(6)),
                "Friday to Monday is the longest gap: twice 3 days of 6-hour periods");
        assertEquals(4, ModelConfig.defaultStalePeriods("rate(30 minutes)", Duration.ofMinutes(15)));
        assertEquals(168, ModelConfig.defaultStalePeriods("rate(4 days)", Duration.ofHours(1)),
                "capped at the 7 days CloudWatch looks back, still longer than the gap");
        assertEquals(0, ModelConfig.defaultStalePeriods("rate(7 days)", Duration.ofHours(1)),
                "7 days cannot watch a weekly run without firing between two punctual runs");
        assertEquals(0, ModelConfig.defaultStalePeriods("cron(0 6 1 * ? *)", Duration.ofHours(1)), "monthly");
        assertEquals(0, ModelConfig.defaultStalePeriods("every day", Duration.ofHours(1)), "invalid: no default");

        VigilConfig config = VigilConfigFile.parse("""
                {"models": [{"name": "churn", "task": "binary_classification", "schedule": "rate(7 days)",
                             "monitoring": "traffic", "traffic": {"schedule": "rate(6 hours)"}},
                            {"name": "price", "task": "regression", "thresholds": {"Mae": 3},
                             "staleAfterPeriods": 0}],
                 "capture": {"enabled": true}}""", "t");
        assertEquals(12, config.models().get(0).staleAfterPeriods(), "a traffic model's quality comes from its"
                + " traffic runs' schedule");
        assertEquals("Accuracy SampleCount < 1 for 12 of 12 periods of PT1H",
                config.models().get(0).qualityStale().orElseThrow().condition());
        assertTrue(config.models().get(1).qualityStale().isEmpty(), "0 turns it off");
    }

    @Test
    void aStaleQualityWindowThatCloudWatchCannotWatchOrThatFiresBetweenRunsIsRefused() {
        List<String> problems = problemsOf("""
                {"models": [{"name": "a", "task": "binary_classification", "staleAfterPeriods": 169},
                            {"name": "b", "task": "binary_classification", "staleAfterPeriods": 24},
                            {"name": "c", "task": "binary_classification", "staleAfterPeriods": -1}]}""");

        assertProblem(problems, "models[0].staleAfterPeriods 169 periods of PT1H look back further than the PT168H");
        assertProblem(problems, "models[1].staleAfterPeriods: 24 periods of PT1H are not longer than the PT24H"
                + " between two runs of rate(1 day)");
        assertProblem(problems, "models[2].staleAfterPeriods must be 0");
    }

    @Test
    void aSageMakerTrainerNeedsAnEcrImageAnInstanceTypeAndABoundedRuntime() {
        String model = "\"models\":[{\"name\":\"m\",\"task\":\"binary_classification\"}]";
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"trainer\":{\"kind\":\"sagemaker\"}}}"),
                "retrain.trainer.image must be the training image's ECR URI");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"trainer\":{\"kind\":\"sagemaker\",\"image\":"
                + "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1\",\"instanceType\":\"big\",\"maxRuntime\":"
                + "\"P9D\"}}}"), "retrain.trainer.instanceType must be a SageMaker instance type");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"trainer\":{\"kind\":\"sagemaker\",\"image\":"
                + "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1\",\"maxRuntime\":\"P9D\"}}}"),
                "retrain.trainer.maxRuntime must be from PT1M to P5D");
        assertProblem(problemsOf("{" + model + ",\"retrain\":{\"trainer\":{\"image\":\"x\"}}}"),
                "retrain.trainer.image is only for the sagemaker trainer");
        assertEquals(TrainerConfig.Kind.BUILTIN, VigilConfigFile.parse("{" + model + "}", "t").retrain().trainer()
                .kind());
    }
}
