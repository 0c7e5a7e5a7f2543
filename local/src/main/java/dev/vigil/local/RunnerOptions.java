package dev.vigil.local;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.training.Hyperparameters;
import dev.vigil.training.PromotionGate;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.TrainingSchema;
import dev.vigil.retrain.RetrainPolicy;
import dev.vigil.settings.VigilSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that run the suite for a while ({@code serve}, {@code demo}). */
final class RunnerOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the predict API listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the predict API (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", defaultValue = "8", paramLabel = "N",
            description = "Worker threads that run the predict handler (default: ${DEFAULT-VALUE}); connections"
                    + " are read without holding one, so slow clients take none.")
    int threads;

    @Option(names = "--champion-ttl", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often predict re-reads the champion pointer (VIGIL_CHAMPION_TTL_SECONDS; default:"
                    + " ${DEFAULT-VALUE}).")
    Duration championTtl;

    @Option(names = "--retrain-cooldown", defaultValue = "10m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "No second retrain of a model within this time of the last start"
                    + " (VIGIL_RETRAIN_COOLDOWN; default: ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Option(names = "--rollback-window", defaultValue = "24h", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "A quality alarm this soon after a promotion rolls the champion back"
                    + " to the previous one instead of retraining; 0s turns it off (VIGIL_ROLLBACK_WINDOW; default:"
                    + " ${DEFAULT-VALUE}).")
    Duration rollbackWindow;

    @Option(names = "--promotion-margin", defaultValue = "" + PromotionGate.DEFAULT_MARGIN, paramLabel = "DELTA",
            description = "How much better, on the held-out rows, a retrained model's primary metric must be to be"
                    + " promoted (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--threshold", paramLabel = "METRIC=VALUE",
            description = "Override an alarm threshold, as the CDK config's thresholds do (e.g. F1Binary=0.75);"
                    + " repeatable.")
    Map<String, Double> thresholds = new LinkedHashMap<>();

    @Option(names = "--slice-threshold", paramLabel = "SLICE:METRIC=VALUE",
            description = "An alarm threshold on one slice of the manifest's monitoring block, as the CDK config's"
                    + " sliceThresholds (e.g. region=EU:Accuracy=0.8, gender=female:DisparateImpactRatio=0.8);"
                    + " repeatable.")
    List<String> sliceThresholds = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "The vigil.config.json giving the models' thresholds, alarm settings and retrain.trainer, as"
                    + " the CDK app reads it (default: the store's vigil.config.json, else ./vigil.config.json)."
                    + " A model it does not list gets no quality alarms; without retrain.trainer the loop only says"
                    + " it would retrain.")
    Path config;

    @Mixin
    IntervalOptions intervals = new IntervalOptions();

    @Option(names = "--data-store", paramLabel = "DIR|s3://BUCKET",
            description = "Where labelled data lives (labelled/<model>/dt=YYYY-MM-DD/part-*.csv); default: --store.")
    String dataStore;

    @Option(names = "--reports-store", paramLabel = "DIR|s3://BUCKET",
            description = "Where evaluation and retrain reports go (reports/<model>/...); default: --store.")
    String reportsStore;

    @Option(names = "--stop-after", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration stopAfter;

    /** The {@code --slice-threshold} values by slice key then metric name (the slice ends at the last ':'). */
    Map<String, Map<String, Double>> sliceThresholds() {
        Map<String, Map<String, Double>> bySlice = new LinkedHashMap<>();
        for (String value : sliceThresholds) {
            int colon = value.lastIndexOf(':');
            int equals = value.indexOf('=', colon + 1);
            if (colon <= 0 || equals <= colon + 1 || equals == value.length() - 1) {
                throw CommandFailure.usage("--slice-threshold " + value + " must be SLICE:METRIC=VALUE, e.g."
                        + " region=EU:Accuracy=0.8");
            }
            double threshold;
            try {
                threshold = Double.parseDouble(value.substring(equals + 1));
            } catch (NumberFormatException e) {
                throw CommandFailure.usage("--slice-threshold " + value + ": the threshold is not a number");
            }
            bySlice.computeIfAbsent(value.substring(0, colon), k -> new LinkedHashMap<>())
                    .put(value.substring(colon + 1, equals), threshold);
        }
        return bySlice;
    }

    void validate() {
        if (port < 0 || port > 65_535) {
            throw CommandFailure.usage("--port " + port + " is not a port number (0-65535)");
        }
        if (threads < 1 || threads > 256) {
            throw CommandFailure.usage("--threads must be between 1 and 256, was " + threads);
        }
        if (championTtl.toNanosPart() != 0 || championTtl.toSeconds() < 1) {
            throw CommandFailure.usage("--champion-ttl must be a whole number of seconds, at least 1s (predict reads"
                    + " it as " + VigilSettings.CHAMPION_TTL_SECONDS.name() + ")");
        }
        if (cooldown.isNegative()) {
            throw CommandFailure.usage("--retrain-cooldown must not be negative");
        }
        if (rollbackWindow.isNegative()) {
            throw CommandFailure.usage("--rollback-window must not be negative");
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw CommandFailure.usage("--promotion-margin must be zero or positive, was " + margin);
        }
        intervals.validate();
    }

    /**
     * The functions' settings; {@code retrainWindow} is what the in-process backend trains on, {@code alarms} what
     * evaluate's reports judge runs by (the loop's, {@link dev.vigil.local.loop.LoopSettings#qualityAlarms}).
     */
    FunctionSettings functionSettings(String defaultModel, Map<String, TrainingSchema> firstVersions,
            DatasetWindow retrainWindow, QualityAlarms alarms) {
        RetrainSettings retrain = new RetrainSettings(retrainWindow, margin, thresholds, Hyperparameters.grid(),
                firstVersions, 50);
        return new FunctionSettings(championTtl, FunctionSettings.DEFAULT_MAX_INSTANCES,
                FunctionSettings.DEFAULT_MAX_BODY_BYTES,
                RetrainPolicy.defaults().withCooldown(cooldown).withRollbackWindow(rollbackWindow), retrain,
                defaultModel).withEvaluation(intervals.level, alarms);
    }
}
