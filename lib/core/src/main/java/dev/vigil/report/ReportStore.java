package dev.vigil.report;

import static dev.vigil.storage.StorageLayout.REPORT_HTML;
import static dev.vigil.storage.StorageLayout.REPORT_JSON;
import static dev.vigil.storage.StorageLayout.runIndex;
import static dev.vigil.storage.StorageLayout.runPrefix;
import static dev.vigil.storage.StorageLayout.shardsPrefix;

import dev.vigil.concurrent.Futures;
import dev.vigil.estimation.CalibrationReport;
import dev.vigil.estimation.EstimateComparison;
import dev.vigil.json.Json;
import dev.vigil.metrics.VigilMetric;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ConcurrentReads;
import dev.vigil.storage.PreconditionFailedException;
import dev.vigil.storage.StorageLayout;
import dev.vigil.storage.StoredObject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Evaluation reports in the reports bucket (or directory), at the keys {@link StorageLayout} names: each run's JSON
 * and HTML report under its run prefix, the scratch objects of sharded runs under their shards prefix, and the run
 * index. The index is updated with a compare-and-set (read, add the run, write only if unchanged, retry) so
 * concurrent runs never lose each other's entries.
 */
public final class ReportStore {
    private static final int MAX_INDEX_ATTEMPTS = 20;

    private final BlobStore store;

    public ReportStore(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public String location() {
        return store.location();
    }

    /** The store the reports are kept in. */
    public BlobStore store() {
        return store;
    }

    /** The run index of {@code model}; empty when no run was recorded yet. */
    public RunIndex index(String model) {
        return readIndex(model).map(Stored::index).orElseGet(() -> RunIndex.empty(model));
    }

    /**
     * The run index of {@code model} as it is stored now and the entity tag it was read at, for
     * {@link #record(RunReport, IndexRead)}.
     */
    public IndexRead indexForUpdate(String model) {
        return readIndex(model).map(s -> new IndexRead(s.index(), s.eTag()))
                .orElseGet(() -> new IndexRead(RunIndex.empty(model), null));
    }

    /**
     * A run index as read, and the entity tag it was read at.
     *
     * @param eTag null when no index was stored yet
     */
    public record IndexRead(RunIndex index, String eTag) {
        public IndexRead {
            Objects.requireNonNull(index, "index");
        }
    }

    /** A run's JSON report, if it was written. */
    public Optional<RunReport> report(String model, String runId) {
        return store.get(runPrefix(model, runId) + REPORT_JSON).map(o -> Json.fromBytes(o.bytes(), RunReport.class));
    }

    /**
     * Writes a run's JSON and HTML reports under its own run prefix (a run never writes another run's keys).
     *
     * @return the key of the JSON report
     */
    public String write(RunReport report, String html) {
        String prefix = runPrefix(report.model().name(), report.runId());
        // Two independent writes: the HTML goes on a second thread while the JSON is serialised and written.
        CompletableFuture<String> htmlWritten = ConcurrentReads.start(() -> store.put(prefix + REPORT_HTML,
                html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"));
        RuntimeException failed = null;
        try {
            store.put(prefix + REPORT_JSON, Json.toPrettyString(report).getBytes(StandardCharsets.UTF_8),
                    "application/json");
        } catch (RuntimeException e) {
            failed = e;
        }
        try {
            Futures.joined(htmlWritten);
        } catch (RuntimeException e) {
            if (failed == null) {
                failed = e;
            } else {
                failed.addSuppressed(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return prefix + REPORT_JSON;
    }

    /**
     * Adds {@code report} to its model's index with a conditional write, retrying when another run wrote the index
     * in between.
     *
     * @return the index as written
     * @throws IllegalStateException when the index kept changing for {@value #MAX_INDEX_ATTEMPTS} attempts
     */
    public RunIndex record(RunReport report) {
        return record(report, null);
    }

    /**
     * As {@link #record(RunReport)}, trying first the index as {@link #indexForUpdate} read it (null to read it
     * now): when another run wrote the index since, the conditional write fails and the index is read again.
     */
    public RunIndex record(RunReport report, IndexRead read) {
        String model = report.model().name();
        RunIndex.Entry entry = entry(report);
        if (read != null && !read.index().model().equals(model)) {
            throw new IllegalArgumentException("the index read is " + read.index().model() + "'s, not " + model + "'s");
        }
        for (int attempt = 1; attempt <= MAX_INDEX_ATTEMPTS; attempt++) {
            Optional<Stored> current = attempt == 1 && read != null
                    ? Optional.ofNullable(read.eTag() == null ? null : new Stored(read.index(), read.eTag()))
                    : readIndex(model);
            RunIndex next = current.map(Stored::index).orElseGet(() -> RunIndex.empty(model)).with(entry);
            byte[] bytes = Json.toPrettyString(next).getBytes(StandardCharsets.UTF_8);
            try {
                if (current.isPresent()) {
                    store.putIfMatch(runIndex(model), bytes, "application/json", current.get().eTag());
                } else {
                    store.putIfAbsent(runIndex(model), bytes, "application/json");
                }
                return next;
            } catch (PreconditionFailedException lostRace) {
                backOff(attempt);
            }
        }
        throw new IllegalStateException(runIndex(model) + " kept changing during " + MAX_INDEX_ATTEMPTS
                + " attempts to record run " + report.runId());
    }

    /** The index entry of {@code report}. */
    public static RunIndex.Entry entry(RunReport report) {
        ServedTraffic traffic = report.traffic();
        return new RunIndex.Entry(report.runId(), report.model().version(), report.model().champion(),
                report.status(), report.finishedAt(), report.rowsScored(), report.rowsRejected(), report.published(),
                runPrefix(report.model().name(), report.runId()) + REPORT_JSON, report.message(),
                report.publishedSlices(), traffic == null ? null : traffic.source(),
                traffic == null ? null : traffic.windowStart(), traffic == null ? null : traffic.windowEnd(),
                report.estimation() == null ? Map.of() : EstimateComparison.indexed(report.estimation().estimate()),
                publishedExcessError(report));
    }

    /** The calibration excess error of a run that published a calibration error; null otherwise. */
    private static Double publishedExcessError(RunReport report) {
        CalibrationReport calibration = report.calibration();
        boolean published = report.published().containsKey(VigilMetric.EXPECTED_CALIBRATION_ERROR.publishedName());
        return published && calibration != null && Double.isFinite(calibration.excessError())
                ? calibration.excessError() : null;
    }

    /** Writes a scratch object of a run (e.g. a shard's partial state) under its scratch prefix. */
    public String putScratch(String model, String runId, String name, byte[] bytes) {
        String key = shardsPrefix(model, runId) + name;
        store.put(key, bytes, "application/json");
        return key;
    }

    /** Reads an object written by {@link #putScratch}, by its full key, which must lie under the run's prefix. */
    public Optional<byte[]> getScratch(String model, String runId, String key) {
        if (!key.startsWith(shardsPrefix(model, runId)) || key.contains("..")) {
            throw new IllegalArgumentException(key + " is not a scratch object of run " + runId + " of " + model);
        }
        return store.get(key).map(StoredObject::bytes);
    }

    private Optional<Stored> readIndex(String model) {
        return store.get(runIndex(model)).map(o -> {
            try {
                return new Stored(Json.fromBytes(o.bytes(), RunIndex.class), o.eTag());
            } catch (UncheckedIOException e) {
                throw new IllegalStateException(o.key() + " is unreadable: " + e.getMessage(), e);
            }
        });
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(200, 5L << Math.min(attempt, 5))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a run in the index", e);
        }
    }

    private record Stored(RunIndex index, String eTag) {}
}
