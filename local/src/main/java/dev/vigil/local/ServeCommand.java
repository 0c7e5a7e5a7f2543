package dev.vigil.local;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.http.PredictHttpServer;
import dev.vigil.local.loop.ConsoleProgress;
import dev.vigil.local.loop.LocalSuite;
import dev.vigil.local.loop.LoopSettings;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.storage.StorageLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil serve}: the predict API on localhost, and with {@code --loop} the whole watch-and-retrain loop. */
@Command(name = "serve", sortOptions = false,
        description = {"Serve the predict API on localhost: every request becomes an API Gateway HTTP API (payload"
                + " 2.0) event for the real predict handler, so routes and answers are the deployed ones"
                + " (POST /v1/models/MODEL:predict, POST /v1/models/MODEL:labels, GET /v1/models/MODEL, GET /health);"
                + " labels posted go to the data store, under ground-truth/MODEL/.",
                "With --loop, also run the loop on the models' labelled data: a scheduled evaluation every --interval,"
                + " the alarms the CDK app creates (one period per interval), and on an alarm the retrain-trigger with"
                + " its in-process backend (retrain, compare on held-out rows, promote only if better).",
                "Every answered prediction is captured as the deployed function captures it, into the data store under"
                        + " capture/MODEL/dt=DAY/hour=HH/b=BB/ (gzip JSON Lines, written every second and on stop).",
                "Every champion must load before the server starts; with --loop every model needs labelled data."})
final class ServeCommand extends VigilCommand {

    @Option(names = "--loop", description = "Also evaluate on a schedule, watch the alarms and retrain.")
    private boolean loop;

    @Option(names = "--model", converter = SafeName.class, paramLabel = "MODEL",
            description = "A model to serve and watch (repeatable; default: every model with a champion).")
    private List<String> models = new ArrayList<>();

    @Option(names = "--interval", defaultValue = "1m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --loop: how often evaluate runs, and the alarms' period (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--window-partitions", defaultValue = "1", paramLabel = "N",
            description = "With --loop: evaluate (and retrain on) the newest N dt= partitions (default:"
                    + " ${DEFAULT-VALUE}).")
    private int partitions;

    @Mixin
    private RunnerOptions runner;

    @Override
    public Integer call() throws Exception {
        runner.validate();
        if (partitions < 1) {
            throw CommandFailure.usage("--window-partitions must be at least 1, was " + partitions);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw CommandFailure.usage("--interval must be positive");
        }
        DatasetWindow window = new DatasetWindow.LastPartitions(partitions);
        try (OpenSuite open = vigil.openSuite(null, runner.dataStore, runner.reportsStore, false)) {
            SuiteStores stores = open.stores();
            List<String> served = Preflight.servableModels(new ModelRegistry(stores.models(),
                    new OnnxModelVerifier()), models);
            if (loop) {
                served.forEach(model -> Preflight.requireLabelledData(stores.data(), model));
            }
            ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getOut(), stores.reports());
            Optional<ConfigLookup.Found> config = ConfigLookup.find(runner.config, stores.models(), Path.of(""));
            LoopSettings loopSettings = new LoopSettings(models, interval, window, runner.thresholds, null,
                    runner.sliceThresholds()).withAlarmOn(runner.intervals.alarmOn())
                    .withConfig(config.map(ConfigLookup.Found::config).orElse(null));
            FunctionSettings settings = runner.functionSettings(null, Map.of(), window, loopSettings.qualityAlarms());
            try (StopSignal stop = new StopSignal();
                    LocalSuite suite = new LocalSuite(stores, settings, progress, Clock.systemUTC())) {
                PredictHttpServer server = suite.serve(runner.host, runner.port, runner.threads);
                progress.line("serve", "predict API on " + server.baseUri() + " for "
                        + (served.isEmpty() ? "no model yet (promote one; it is picked up within --champion-ttl)"
                                : String.join(", ", served)) + "; predictions captured under "
                        + SuiteStores.display(stores.capture(), StorageLayout.CAPTURE) + "; Ctrl-C stops",
                        served.isEmpty() ? new String[0] : new String[] {"curl -s " + server.baseUri()
                                + "/v1/models/" + served.get(0)});
                if (loop) {
                    suite.loop(loopSettings, interval.toMillis());
                    progress.line("config", ConfigLookup.describe(config));
                    progress.line("loop", "evaluating every " + DurationConverter.format(interval)
                            + " on the newest " + partitions + " partition(s); alarms as the CDK app defines them,"
                            + " one period per interval");
                }
                if (stop.await(runner.stopAfter)) {
                    progress.line("serve", "stopping");
                }
            }
        }
        return ExitStatus.OK.code();
    }
}
