package dev.vigil.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.evaluate.EvaluationFailedException;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.json.Json;
import dev.vigil.local.functions.FunctionError;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.retrain.InProcessRetrainLauncher;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunStatus;
import dev.vigil.retrain.RetrainRequest;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil evaluate}: one evaluation run through the real evaluate handler. */
@Command(name = "evaluate", sortOptions = false,
        description = {"Evaluate a model version once against its labelled data, through the real evaluate handler (a"
                + " direct invoke), and print the metrics it published and where its reports are.",
                "Default window: the evaluate function's own (the last 7 days of dt= partitions). For the champion,"
                + " also shows how each alarm the CDK app creates would judge this run on its own (a regression model's"
                + " Mae alarm needs --threshold Mae=VALUE; without it the run is still evaluated)."})
final class EvaluateCommand extends VigilCommand {

    @Parameters(paramLabel = "MODEL", converter = SafeName.class, description = "The model to evaluate.")
    private String model;

    @Option(names = "--version", converter = SafeName.class, paramLabel = "VERSION",
            description = "A registered version to evaluate as a challenger (default: the champion).")
    private String version;

    @ArgGroup(exclusive = true)
    private Window window;

    /** Which partitions to read. */
    static final class Window {
        @Option(names = "--window-partitions", paramLabel = "N", description = "The newest N dt= partitions.")
        Integer partitions;

        @Option(names = "--window-days", paramLabel = "N", description = "Partitions dated within the last N days.")
        Integer days;

        @Option(names = "--everything", description = "Every data object under labelled/MODEL/.")
        boolean everything;
    }

    @Option(names = "--data-store", paramLabel = "DIR|s3://BUCKET", description = "Labelled data; default: --store.")
    private String dataStore;

    @Option(names = "--reports-store", paramLabel = "DIR|s3://BUCKET", description = "Reports; default: --store.")
    private String reportsStore;

    @Option(names = "--threshold", paramLabel = "METRIC=VALUE",
            description = "An alarm threshold to judge this run by, as the CDK config's thresholds (e.g. Mae=2.5);"
                    + " repeatable. Only the alarm verdicts use it.")
    private Map<String, Double> thresholds = new LinkedHashMap<>();

    @Mixin
    private IntervalOptions intervals = new IntervalOptions();

    @Override
    public Integer call() {
        intervals.validate();
        PrintWriter out = spec.commandLine().getOut();
        try (OpenSuite open = vigil.openSuite(null, dataStore, reportsStore, false)) {
            SuiteStores stores = open.stores();
            Preflight.requireLabelledData(stores.data(), model);
            FunctionSettings settings = FunctionSettings.defaults(model, RetrainSettings.defaults(Map.of()))
                    .withEvaluation(intervals.level, intervals.qualityAlarms(thresholds));
            try (LocalFunctions functions = new LocalFunctions(stores, settings, Clock.systemUTC(), NO_RETRAINS)) {
                RunOutcome outcome;
                try {
                    outcome = Json.fromBytes(functions.evaluate(Json.toBytes(event())), RunOutcome.class);
                } catch (FunctionError e) {
                    if (!(e.getCause() instanceof EvaluationFailedException failed)) {
                        throw e;
                    }
                    outcome = failed.outcome();
                }
                print(out, stores, functions, outcome);
                return outcome.status() == RunStatus.FAILED ? ExitStatus.REFUSED.code()
                        : ExitStatus.OK.code();
            }
        }
    }

    private ObjectNode event() {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("model", model);
        if (version != null) {
            event.put("version", version);
        }
        event.putObject("options").put("confidenceLevel", intervals.level);
        if (window != null) {
            ObjectNode w = event.putObject("window");
            if (window.partitions != null) {
                w.put("lastPartitions", window.partitions);
            } else if (window.days != null) {
                w.put("lastDays", window.days);
            } else {
                w.put("everything", true);
            }
        }
        return event;
    }

    private void print(PrintWriter out, SuiteStores stores, LocalFunctions functions, RunOutcome o) {
        out.printf("%s@%s%s: %s: %s%n", o.model(), o.version(), o.champion() ? " (champion)" : " (challenger)",
                o.status().name().toLowerCase(Locale.ROOT), o.message());
        TextTable table = new TextTable("METRIC", "VALUE");
        o.published().forEach((name, value) -> table.row(name, value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.4f", value)));
        table.print(out);
        if (o.reportKey() != null) {
            out.println("report  " + SuiteStores.display(stores.reports(),
                    o.reportKey().replaceAll("report\\.json$", "report.html")));
        }
        if (o.champion() && o.version() != null) {
            ModelManifest manifest = functions.registry().manifest(new ModelRef(o.model(), o.version()));
            WatchedModel watched = new WatchedModel(o.model(), manifest.task(), thresholds, null, false,
                    intervals.alarmOn());
            List<String> problems = AlarmRules.problems(watched);
            if (!problems.isEmpty()) {
                out.println("alarms not judged: " + String.join("; ", problems) + " (give thresholds with --threshold"
                        + " METRIC=VALUE)");
                return;
            }
            List<AlarmRule> rules = AlarmRules.forModel(watched);
            out.println("alarms (this run as one period):");
            TextTable verdicts = new TextTable("ALARM", "CONDITION", "STATE");
            for (AlarmRule rule : rules) {
                Double value = o.published().get(rule.metricName());
                AlarmState state = rule.evaluate(value == null ? List.of() : List.of(value), AlarmState.OK);
                verdicts.row(rule.id(), String.format(Locale.ROOT, "%s %s %s", rule.metricName(),
                        rule.comparison().symbol(), rule.threshold()), value == null ? "no datapoint" : state);
            }
            verdicts.print(out);
            new ReportStore(stores.reports()).report(o.model(), o.runId()).ifPresent(report ->
                    report.alarms().forEach(sentence -> out.println("  " + sentence.text())));
        }
    }

    private static final InProcessRetrainLauncher.Listener NO_RETRAINS = new InProcessRetrainLauncher.Listener() {
        @Override
        public void started(String executionId, RetrainRequest request) {}

        @Override
        public void finished(String executionId, RetrainRequest request, Retrainer.Result result) {}
    };
}
