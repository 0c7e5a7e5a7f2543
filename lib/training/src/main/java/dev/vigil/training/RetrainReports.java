package dev.vigil.training;

import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Retrain reports in the reports store, beside the evaluation runs:
 * {@code reports/<model>/retrains/<runId>/report.json} and {@code report.html}.
 */
public final class RetrainReports {
    private static final String JSON = "report.json";
    private static final String HTML = "report.html";

    private final BlobStore store;

    public RetrainReports(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public BlobStore store() {
        return store;
    }

    /** {@code reports/<model>/retrains/} ({@link StorageLayout#retrainsPrefix}). */
    public static String prefix(String model) {
        return StorageLayout.retrainsPrefix(model);
    }

    /**
     * Writes the JSON and HTML reports of a run.
     *
     * @return the key of the HTML report
     */
    public String write(RetrainReport report) {
        requireSafe("run id", report.runId());
        String prefix = prefix(report.model()) + report.runId() + "/";
        store.put(prefix + JSON, Json.toPrettyString(report).getBytes(StandardCharsets.UTF_8), "application/json");
        store.put(prefix + HTML, RetrainReportPage.render(report).getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8");
        return prefix + HTML;
    }

    private static void requireSafe(String what, String value) {
        if (!ModelRef.isSafe(value)) {
            throw new IllegalArgumentException(what + " is not safe in a key: " + value);
        }
    }

    /** The retrain reports of {@code model}, oldest first. */
    public List<RetrainReport> list(String model) {
        return store.list(prefix(model)).stream()
                .map(ObjectInfo::key)
                .filter(key -> key.endsWith("/" + JSON))
                .flatMap(key -> store.get(key).stream())
                .map(o -> Json.fromBytes(o.bytes(), RetrainReport.class))
                .sorted(Comparator.comparing(RetrainReport::startedAt))
                .toList();
    }
}
