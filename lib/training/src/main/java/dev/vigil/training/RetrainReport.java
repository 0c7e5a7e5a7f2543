package dev.vigil.training;

import dev.vigil.evaluation.MetricReport;
import dev.vigil.evaluation.MetricValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one in-process retraining run did, written as {@code reports/<model>/retrains/<runId>/report.json} (and an
 * HTML page beside it): why it ran, what data it read and how it was split, the hyperparameter search, and the
 * held-out comparison of the candidate with the champion that decided the promotion.
 *
 * @param runId the run (the execution id the retrain-trigger recorded)
 * @param model model name
 * @param status how it ended
 * @param message one sentence for people
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param trigger why it ran
 * @param data what it trained and judged on (null when it failed before reading)
 * @param search the hyperparameter search (null when it failed before searching)
 * @param candidate the registered candidate and its held-out metrics (null when none was registered)
 * @param champion the champion it was compared with and its held-out metrics (null when the model had none)
 * @param decision the promotion gate's verdict (null when it failed before judging)
 */
public record RetrainReport(
        int schemaVersion,
        String runId,
        String model,
        Status status,
        String message,
        Instant startedAt,
        Instant finishedAt,
        Trigger trigger,
        Data data,
        Search search,
        Evaluated candidate,
        Evaluated champion,
        Decision decision) {
    public static final int SCHEMA_VERSION = 1;

    /** How a run ended. */
    public enum Status {
        /** The candidate was better by the margin (or the model had no champion) and is now the champion. */
        PROMOTED,
        /** The candidate was registered but is not better than the champion; the champion stays. */
        NOT_PROMOTED,
        /** The run stopped before a decision; nothing was promoted. */
        FAILED
    }

    /** The alarm that asked for the run, as the retrain-trigger passed it on. */
    public record Trigger(String alarm, String reason, String championVersion, String idempotencyKey) {}

    /**
     * The training window and its split.
     *
     * @param location store and prefix read
     * @param partitions {@code dt=} dates read
     * @param keys objects read
     * @param rowsRejected malformed rows skipped
     * @param trainRows rows fitted (the search fits on these; the chosen setting is refitted on train + validation)
     * @param validationRows rows the search chose on
     * @param testRows held-out rows the candidate and the champion were compared on
     * @param parts which rows each part of the split holds (training, validation, held-out), oldest part first; none
     *     before the rows are split
     */
    public record Data(String location, List<String> partitions, List<String> keys, long rowsRejected, int trainRows,
            int validationRows, int testRows, List<Part> parts) {
        public Data {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }

        /** The data before its split is known. */
        public Data(String location, List<String> partitions, List<String> keys, long rowsRejected, int trainRows,
                int validationRows, int testRows) {
            this(location, partitions, keys, rowsRejected, trainRows, validationRows, testRows, List.of());
        }
    }

    /**
     * One part of the split: its rows are a contiguous run of the read, in time order, from {@code first} to
     * {@code last}; no row is in two parts.
     *
     * @param name {@code training}, {@code validation} or {@code held-out}
     * @param rows how many rows
     * @param first its oldest row: an object and row ({@code labelled/m/dt=2026-12-01/part-0.csv row 1}) or a
     *     serving time; null for an empty part
     * @param last its newest row, as {@code first}
     */
    public record Part(String name, int rows, String first, String last) {}

    /** The search: each setting tried with its validation value of {@code metric}, and the one chosen. */
    public record Search(String algorithm, String metric, List<Trial> trials, Hyperparameters chosen) {}

    /** One setting and its validation value. */
    public record Trial(Hyperparameters settings, Double validation) {}

    /** A model version and its quality metrics on the held-out rows (finite values only). */
    public record Evaluated(String version, String sha256, Map<String, Double> heldOut) {
        public static Evaluated of(String version, String sha256, MetricReport report) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (MetricValue v : report.metrics()) {
                if (v.metric().judgesQuality() && Double.isFinite(v.value())) {
                    values.put(v.metric().publishedName(), v.value());
                }
            }
            return new Evaluated(version, sha256, values);
        }
    }

    /** The gate's verdict: primary metric, margin, both values, the improvement, and whether it promoted. */
    public record Decision(String metric, double margin, Double candidate, Double champion, Double improvement,
            boolean promoted, String reason, List<Guard> guards) {
        public Decision {
            guards = guards == null ? List.of() : List.copyOf(guards);
        }

        static Decision of(PromotionGate gate, PromotionGate.Verdict verdict) {
            List<Guard> guards = verdict.guards().stream().map(g -> new Guard(g.metric(), finite(g.candidate()),
                    g.champion(), g.tolerance(), g.held())).toList();
            return new Decision(gate.metric().publishedName(), gate.margin(), finite(verdict.candidate()),
                    finite(verdict.champion()), finite(verdict.improvement()), verdict.promote(), verdict.reason(),
                    guards);
        }
    }

    /** A guard metric the gate compared: both values, the tolerance, and whether the candidate stayed within it. */
    public record Guard(String metric, Double candidate, double champion, double tolerance, boolean held) {}

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
