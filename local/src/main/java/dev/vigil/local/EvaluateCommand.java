package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alarms.AlarmCategory;
import dev.vigil.alarms.AlarmRule;
import dev.vigil.alarms.AlarmRules;
import dev.vigil.alarms.AlarmState;
import dev.vigil.alarms.QualityAlarms;
import dev.vigil.alarms.WatchedModel;
import dev.vigil.config.VigilConfigFile;
import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.evaluate.EvaluationFailedException;
import dev.vigil.evaluate.RunOutcome;
import dev.vigil.evaluate.RunRequest;
import dev.vigil.json.Json;
import dev.vigil.local.functions.FunctionError;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.loop.LoopSettings;
import dev.vigil.local.retrain.InProcessRetrainLauncher;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunStatus;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.StorageLayout;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import java.io.File;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code vigil evaluate}: one evaluation run through the real evaluate handler. */
@Command(name = "evaluate", sortOptions = false,
        description = {"Evaluate a model version once against its labelled data, through the real evaluate handler (a"
                + " direct invoke), and print the metrics it published and where its reports are.",
                "--data FILE... evaluates those local files as they are (CSV or JSON Lines, optionally gzipped), with"
                + " no dt= layout and no window. Otherwise the default window is the evaluate function's own (the last"
                + " 7 days of dt= partitions); when it finds nothing, the partitions that exist and a command with a"
                + " wider window are printed, and the exit status is 5. For the champion,"
                + " also shows how each alarm the CDK app creates would judge this run on its own (a regression model's"
                + " Mae alarm needs --threshold Mae=VALUE; without it the run is still evaluated)."})
final class EvaluateCommand extends VigilCommand {
    private static final int MAX_PARTITIONS_SHOWN = 10;

    @Parameters(index = "0", paramLabel = "MODEL", converter = SafeName.class, description = "The model to evaluate.")
    private String model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", converter = SafeName.class,
            description = "A registered version to evaluate as a challenger (default: the champion); the same as"
                    + " --version.")
    private String versionArgument;

    @Option(names = "--version", converter = SafeName.class, paramLabel = "VERSION",
            description = "The same as the VERSION argument.")
    private String version;

    @Option(names = "--data", arity = "1..*", paramLabel = "FILE",
            description = "Evaluate these local files as they are (.csv, .jsonl, .ndjson or .json, optionally .gz),"
                    + " instead of the labelled data in --data-store.")
    private List<Path> dataFiles;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "The column that holds the true label (default: " + DatasetColumns.DEFAULT_LABEL + ").")
    private String labelColumn;

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

    @Option(names = "--config", paramLabel = "FILE",
            description = "The vigil.config.json whose alarm settings judge this run, as the CDK app reads it"
                    + " (default: the store's vigil.config.json, else ./vigil.config.json); without one a model"
                    + " gets only the --threshold quality alarms.")
    private Path config;

    /** The configuration found for this run, and the quality alarms it and --threshold give. */
    private Optional<ConfigLookup.Found> configFound = Optional.empty();
    private QualityAlarms qualityAlarms = QualityAlarms.DEFAULTS;

    @Mixin
    private JsonOutput json;

    @Mixin
    private IntervalOptions intervals = new IntervalOptions();

    @Mixin
    private ProgressOptions progress;

    @Override
    public Integer call() {
        intervals.validate();
        PrintWriter out = spec.commandLine().getOut();
        if (versionArgument != null && version != null && !versionArgument.equals(version)) {
            throw new ParameterException(spec.commandLine(), "--version " + version + " contradicts the argument "
                    + versionArgument + "; give one of them");
        }
        version = versionArgument != null ? versionArgument : version;
        DataFiles files = dataFiles == null ? null : DataFiles.of(dataFiles, dataStore, window);
        try (OpenSuite open = vigil.openSuite(null, files == null ? dataStore : files.root().toString(),
                reportsStore, false);
                Progress meter = progress.start(spec.commandLine().getErr(), "evaluate",
                        files == null ? 0 : DataFileArgument.totalBytes(files.paths()))) {
            SuiteStores stores = files == null ? open.stores() : new SuiteStores(open.stores().models(),
                    new CountedDataStore(open.stores().data(), meter), open.stores().reports());
            if (files == null) {
                requireLabelledData(stores);
            }
            configFound = ConfigLookup.find(config, open.stores().models(), Path.of(""));
            qualityAlarms = LoopSettings.qualityAlarms(configFound.map(ConfigLookup.Found::config).orElse(null),
                    thresholds, intervals.alarmOn());
            FunctionSettings settings = FunctionSettings.defaults(model, RetrainSettings.defaults(Map.of()))
                    .withEvaluation(intervals.level, qualityAlarms);
            try (LocalFunctions functions = new LocalFunctions(stores, settings, Clock.systemUTC(), NO_RETRAINS)) {
                RunOutcome outcome;
                try {
                    outcome = Json.fromBytes(functions.evaluate(Json.toBytes(event(files))), RunOutcome.class);
                } catch (FunctionError e) {
                    if (!(e.getCause() instanceof EvaluationFailedException failed)) {
                        throw e;
                    }
                    outcome = failed.outcome();
                }
                print(out, stores, functions, outcome, files);
                return switch (outcome.status()) {
                    case FAILED -> ExitStatus.REFUSED.code();
                    case NO_DATA -> ExitStatus.NO_DATA.code();
                    case SUCCEEDED -> ExitStatus.OK.code();
                };
            }
        }
    }

    /** Local files to evaluate as they are: their common directory (the data store) and their keys under it. */
    record DataFiles(Path root, List<String> keys) {
        /** The files themselves. */
        List<Path> paths() {
            return keys.stream().map(root::resolve).toList();
        }

        static DataFiles of(List<Path> files, String dataStore, Window window) {
            if (dataStore != null || window != null) {
                throw CommandFailure.usage("--data evaluates the files given, so it takes no --data-store,"
                        + " --window-partitions, --window-days or --everything");
            }
            List<Path> absolute = DataFileArgument.checked("--data", files);
            Path root = absolute.getFirst().getParent();
            for (Path path : absolute) {
                while (!path.startsWith(root)) {
                    root = root.getParent();
                }
            }
            Path base = root;
            return new DataFiles(root, absolute.stream().map(p -> base.relativize(p).toString()
                    .replace(File.separatorChar, '/')).toList());
        }
    }

    private void requireLabelledData(SuiteStores stores) {
        String prefix = StorageLayout.labelledPrefix(model);
        if (stores.data().list(prefix).isEmpty()) {
            throw CommandFailure.unavailable("no labelled data for " + model + ": nothing under "
                    + SuiteStores.display(stores.data(), prefix) + "; write dt=YYYY-MM-DD/part-*.csv there, point"
                    + " --data-store at it, or evaluate files as they are with: "
                    + vigil.pasteable(sameCommand("--data", "FILE.csv")));
        }
    }

    private ObjectNode event(DataFiles files) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("model", model);
        if (version != null) {
            event.put("version", version);
        }
        ObjectNode options = event.putObject("options");
        if (labelColumn != null) {
            options.putObject("columns").put("label", labelColumn);
        }
        options.put("confidenceLevel", intervals.level);
        if (files != null) {
            files.keys().forEach(event.putObject("dataset").putArray("keys")::add);
        }
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

    private void print(PrintWriter out, SuiteStores stores, LocalFunctions functions, RunOutcome o, DataFiles files) {
        String label = labelColumn != null ? labelColumn : DatasetColumns.DEFAULT_LABEL;
        JsonNode report = readReport(stores, o);
        String reason = report == null ? null
                : RunExplanation.topRejection(report, stores.data(), label).orElse(null);
        List<Verdict> verdicts = verdicts(functions, o);
        String reportHtml = o.reportKey() == null ? null
                : SuiteStores.display(stores.reports(), o.reportKey().replaceAll("report\\.json$", "report.html"));
        NoData noData = o.status() == RunStatus.NO_DATA && files == null ? noData(stores) : null;
        if (json.enabled) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("outcome", o);
            doc.put("reason", reason);
            doc.put("report", reportHtml);
            doc.put("alarms", verdicts);
            doc.put("noData", noData);
            JsonOutput.print(out, doc);
            return;
        }
        String status = TextTable.cell(o.status());
        out.printf("%s@%s%s: %s: %s%n", o.model(), o.version(), o.champion() ? " (champion)" : " (challenger)",
                status, o.status() == RunStatus.FAILED && reason != null ? reason : o.message());
        if (o.status() == RunStatus.FAILED && reason != null) {
            out.println("  " + o.message());
        } else if (reason != null) {
            out.println("  rejected rows, most often " + reason);
        }
        if (noData != null) {
            noData.print(out);
        }
        TextTable table = new TextTable("METRIC", "VALUE");
        o.published().forEach((name, value) -> table.row(name, value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.4f", value)));
        table.print(out);
        if (reportHtml != null) {
            out.println("report  " + reportHtml);
            out.println("model   " + SuiteStores.display(stores.reports(), StorageLayout.modelPage(o.model())));
        }
        if (verdicts == null) {
            return;
        }
        if (verdicts.isEmpty()) {
            out.println("alarms not judged: " + String.join("; ", alarmProblems(functions, o))
                    + " (give thresholds with --threshold METRIC=VALUE)");
            return;
        }
        out.println("alarms (this run as one period):");
        if (verdicts.stream().noneMatch(Verdict::quality)) {
            out.println("  no quality alarm for " + o.model() + ": " + (configFound.isPresent()
                    ? configFound.get().source() + " sets no quality threshold for it"
                    : "no " + VigilConfigFile.FILE_NAME + " (--config, the store's, or ./" + VigilConfigFile.FILE_NAME
                            + ") lists it") + " and no --threshold was given; drift and evaluation alarms still judge");
        }
        TextTable alarms = new TextTable("ALARM", "CONDITION", "STATE");
        verdicts.forEach(v -> alarms.row(v.alarm(), v.condition(), v.state()));
        alarms.print(out);
        new ReportStore(stores.reports()).report(o.model(), o.runId()).ifPresent(r ->
                r.alarms().forEach(sentence -> out.println("  " + sentence.text())));
    }

    /** How each alarm the CDK app creates judges this run; null for a challenger, empty when not judged. */
    private List<Verdict> verdicts(LocalFunctions functions, RunOutcome o) {
        if (!o.champion() || o.version() == null) {
            return null;
        }
        if (!alarmProblems(functions, o).isEmpty()) {
            return List.of();
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (AlarmRule rule : AlarmRules.forModel(watched(functions, o))) {
            Double value = o.published().get(rule.metricName());
            AlarmState state = rule.evaluate(value == null ? List.of() : List.of(value), AlarmState.OK);
            verdicts.add(new Verdict(rule.id(), String.format(Locale.ROOT, "%s %s %s", rule.metricName(),
                    rule.comparison().symbol(), rule.threshold()), value == null ? "no datapoint" : state.name(),
                    rule.category() == AlarmCategory.QUALITY));
        }
        return verdicts;
    }

    private List<String> alarmProblems(LocalFunctions functions, RunOutcome o) {
        return AlarmRules.problems(watched(functions, o));
    }

    private WatchedModel watched(LocalFunctions functions, RunOutcome o) {
        ModelManifest manifest = functions.registry().manifest(new ModelRef(o.model(), o.version()));
        return qualityAlarms.watched(o.model(), manifest.task());
    }

    /** One alarm's verdict on this run. */
    record Verdict(String alarm, String condition, String state, boolean quality) {}

    private static JsonNode readReport(SuiteStores stores, RunOutcome o) {
        if (o.reportKey() == null) {
            return null;
        }
        try {
            return stores.reports().get(o.reportKey()).map(r -> Json.fromBytes(r.bytes(), JsonNode.class))
                    .orElse(null);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** A window that found nothing: the partitions that exist, the window used, and commands with wider ones. */
    record NoData(String dataLocation, Map<String, Integer> partitions, String window, List<String> widen) {
        void print(PrintWriter out) {
            out.println("  window used: " + window);
            if (partitions.isEmpty()) {
                out.println("  no dt=YYYY-MM-DD partitions under " + dataLocation);
            } else {
                out.println("  partitions under " + dataLocation + ": " + partitions.entrySet().stream()
                        .map(e -> "dt=" + e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " object)"
                                : " objects)")).collect(Collectors.joining(", ")));
            }
            for (int i = 0; i < widen.size(); i++) {
                out.println("  " + (i == 0 ? "widen it: " : "      or: ") + widen.get(i));
            }
        }
    }

    private NoData noData(SuiteStores stores) {
        String prefix = StorageLayout.labelledPrefix(model);
        NavigableMap<LocalDate, Integer> found = RunExplanation.partitions(stores.data(), prefix);
        int shown = Math.min(found.size(), MAX_PARTITIONS_SHOWN);
        Map<String, Integer> partitions = new LinkedHashMap<>();
        found.descendingMap().entrySet().stream().limit(shown)
                .forEach(e -> partitions.put(e.getKey().toString(), e.getValue()));
        List<String> widen = new ArrayList<>();
        if (!found.isEmpty()) {
            widen.add(vigil.pasteable(sameCommand("--window-partitions", Integer.toString(found.size()))));
        }
        widen.add(vigil.pasteable(sameCommand("--everything")));
        return new NoData(SuiteStores.display(stores.data(), prefix), partitions, describeWindow(), widen);
    }

    private String describeWindow() {
        if (window == null) {
            return RunRequest.DEFAULT_WINDOW instanceof DatasetWindow.LastDays d
                    ? "the default, the last " + d.days() + " days (today is " + LocalDate.now(ZoneOffset.UTC) + ")"
                    : "the evaluate function's default";
        }
        if (window.partitions != null) {
            return "--window-partitions " + window.partitions + " (the newest " + window.partitions
                    + " dt= partitions)";
        }
        if (window.days != null) {
            return "--window-days " + window.days + " (today is " + LocalDate.now(ZoneOffset.UTC) + ")";
        }
        return "--everything";
    }

    /** This command's arguments, with its window replaced by {@code windowOptions}: for hints. */
    private String[] sameCommand(String... windowOptions) {
        List<String> args = new ArrayList<>(List.of("evaluate", model));
        if (version != null) {
            args.add(version);
        }
        args.addAll(List.of(windowOptions));
        if (labelColumn != null) {
            args.addAll(List.of("--label-column", labelColumn));
        }
        thresholds.forEach((metric, value) -> args.addAll(List.of("--threshold", metric + "=" + value)));
        if (dataStore != null) {
            args.addAll(List.of("--data-store", dataStore));
        }
        if (reportsStore != null) {
            args.addAll(List.of("--reports-store", reportsStore));
        }
        return args.toArray(String[]::new);
    }

    private static final InProcessRetrainLauncher.Listener NO_RETRAINS = new InProcessRetrainLauncher.Listener() {
        @Override
        public void started(String executionId, RetrainRequest request) {}

        @Override
        public void finished(String executionId, RetrainRequest request, Retrainer.Result result) {}
    };
}
