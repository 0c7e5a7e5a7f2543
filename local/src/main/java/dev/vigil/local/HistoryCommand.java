package dev.vigil.local;

import dev.vigil.local.functions.SuiteStores;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainReports;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.report.ReportStore;
import dev.vigil.report.RunIndex;
import dev.vigil.storage.StorageLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil history}: a model's evaluation runs (from the run index) and retrains. */
@Command(name = "history",
        description = {"Show a model's evaluation runs, newest last, from the run index evaluate keeps"
                + " (reports/MODEL/index.json), with the metrics each run published; then its in-process retrains"
                + " with their held-out comparison and decision.",
                "With --json: {\"model\", \"latestGood\", \"runs\": [index entries], \"retrains\": [retrain reports]},"
                        + " the runs limited by --limit as in the text."})
final class HistoryCommand extends VigilCommand {
    private static final List<String> COLUMNS = Stream.of(VigilMetric.F1_BINARY, VigilMetric.F1_MACRO,
            VigilMetric.ACCURACY, VigilMetric.ROC_AUC, VigilMetric.R2, VigilMetric.MAE,
            VigilMetric.FEATURE_DRIFT_PSI_MAX, VigilMetric.PREDICTION_DRIFT_PSI)
            .map(VigilMetric::publishedName).toList();


    @Parameters(paramLabel = "MODEL", converter = SafeName.class, description = "The model.")
    private String model;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Show at most the newest N runs (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--reports-store", paramLabel = "DIR|s3://BUCKET", description = "Reports; default: --store.")
    private String reportsStore;

    @Mixin
    private JsonOutput json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenSuite open = vigil.openSuite(null, null, reportsStore, false)) {
            SuiteStores stores = open.stores();
            RunIndex index = new ReportStore(stores.reports()).index(model);
            List<RetrainReport> retrains = new RetrainReports(stores.reports()).list(model);
            if (index.runs().isEmpty() && retrains.isEmpty()) {
                throw CommandFailure.refused("no evaluation runs or retrains recorded for " + model + " in "
                        + SuiteStores.display(stores.reports(), StorageLayout.reportsPrefix(model)));
            }
            if (json.enabled) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", model);
                doc.put("latestGood", index.latestGood());
                doc.put("runs", newest(index.runs()));
                doc.put("retrains", retrains);
                JsonOutput.print(out, doc);
                return ExitStatus.OK.code();
            }
            printRuns(out, index);
            printRetrains(out, stores, retrains);
        }
        return ExitStatus.OK.code();
    }

    private void printRuns(PrintWriter out, RunIndex index) {
        List<RunIndex.Entry> runs = index.runs();
        List<RunIndex.Entry> shown = newest(runs);
        List<String> columns = COLUMNS.stream()
                .filter(c -> shown.stream().anyMatch(e -> e.metrics().containsKey(c))).toList();
        List<String> header = new ArrayList<>(List.of("FINISHED-AT", "VERSION", "ROLE", "STATUS", "ROWS"));
        header.addAll(columns);
        header.add("RUN");
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (RunIndex.Entry e : shown) {
            List<Object> row = new ArrayList<>(List.of(e.finishedAt(), e.version() == null ? "-" : e.version(),
                    e.champion() ? "champion" : "challenger", e.status(), e.rowsScored()));
            for (String c : columns) {
                Double v = e.metrics().get(c);
                row.add(v == null ? "-" : String.format(Locale.ROOT, "%.3f", v));
            }
            row.add(e.runId());
            table.row(row.toArray());
        }
        out.printf("evaluation runs of %s (%d of %d; latest good: %s)%n", model, shown.size(), runs.size(),
                index.latestGood() == null ? "none" : index.latestGood());
        table.print(out);
    }

    private List<RunIndex.Entry> newest(List<RunIndex.Entry> runs) {
        return runs.subList(Math.max(0, runs.size() - Math.max(1, limit)), runs.size());
    }

    private void printRetrains(PrintWriter out, SuiteStores stores, List<RetrainReport> retrains) {
        if (retrains.isEmpty()) {
            out.println("no retrains");
            return;
        }
        out.println("retrains of " + model);
        TextTable table = new TextTable("STARTED-AT", "STATUS", "CANDIDATE", "CHAMPION", "METRIC", "CANDIDATE-VALUE",
                "CHAMPION-VALUE", "REPORT");
        for (RetrainReport r : retrains) {
            RetrainReport.Decision d = r.decision();
            table.row(r.startedAt(), r.status(), r.candidate() == null ? "-" : r.candidate().version(),
                    r.champion() == null ? "-" : r.champion().version(), d == null ? "-" : d.metric(),
                    d == null || d.candidate() == null ? "-" : String.format(Locale.ROOT, "%.3f", d.candidate()),
                    d == null || d.champion() == null ? "-" : String.format(Locale.ROOT, "%.3f", d.champion()),
                    SuiteStores.display(stores.reports(), RetrainReports.prefix(model) + r.runId() + "/report.html"));
        }
        table.print(out);
    }
}
