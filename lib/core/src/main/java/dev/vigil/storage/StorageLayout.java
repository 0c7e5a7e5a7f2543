package dev.vigil.storage;

import dev.vigil.model.ModelRef;
import java.time.LocalDate;

/**
 * Every key Vigil reads or writes in its three buckets (or one local directory), and the only place their prefixes
 * are spelled. Models bucket: {@code models/<name>/<version>/model.onnx}, {@code .../manifest.json} and the champion
 * pointer {@code models/<name>/champion.json}. Data bucket: {@code labelled/<model>/dt=YYYY-MM-DD/part-*} and
 * {@code ground-truth/<model>/dt=YYYY-MM-DD/...} (labels that arrive later). Reports
 * bucket: {@code reports/<model>/index.json} (the run index), {@code reports/<model>/index.html} (the model page) and
 * {@code reports/index.html} (every model), {@code reports/<model>/runs/<runId>/report.json} and
 * {@code report.html}, {@code reports/<model>/retrains/<runId>/} (local retrains), and the scratch objects of sharded
 * runs under {@code shards/<model>/<runId>/}, which a lifecycle rule expires. Capture bucket (issue 12):
 * {@code capture/<model>/dt=YYYY-MM-DD/hour=HH/b=BB/}, one partition per UTC hour and id bucket.
 *
 * <p>Every method that takes a model name or run id refuses one that is not {@link ModelRef#isSafe safe} in a key.
 */
public final class StorageLayout {
    /** Models bucket: versions and champion pointers. */
    public static final String MODELS = "models/";
    /**
     * Models bucket, at the root: the suite's configuration ({@code vigil.config.json}, read by
     * {@link dev.vigil.config.VigilConfigFile}); the local runner reads it when no {@code --config} is given.
     */
    public static final String CONFIG = dev.vigil.config.VigilConfigFile.FILE_NAME;
    /** Data bucket: labelled data, one {@code dt=} partition per day. */
    public static final String LABELLED = "labelled/";
    /** Reports bucket: run reports, the run index and retrain reports. */
    public static final String REPORTS = "reports/";
    /** Reports bucket: sharded runs' scratch objects (plans and partial states), expired after a week in AWS. */
    public static final String SHARDS = "shards/";

    // --- capture (issue 12) ---
    /** Capture bucket: served predictions, {@code capture/<model>/dt=YYYY-MM-DD/hour=HH/b=BB/}. */
    public static final String CAPTURE = "capture/";
    /** What a capture partition's hour directory starts with, followed by the two-digit UTC hour. */
    public static final String HOUR_PARTITION = "hour=";
    /** What a capture partition's bucket directory starts with, followed by the two-digit bucket. */
    public static final String BUCKET_PARTITION = "b=";

    // --- capture delivery (issue 12, CDK app) ---
    /**
     * Capture bucket: records the delivery stream could not partition or deliver,
     * {@code capture-errors/<error type>/dt=YYYY-MM-DD/}.
     */
    public static final String CAPTURE_ERRORS = "capture-errors/";
    /** Capture bucket: joined traffic exported by traffic runs for retraining, {@code joined/<model>/<runId>/}. */
    public static final String JOINED = "joined/";
    /** Top-level prefix, in the data bucket, of what a retraining run hands its validation (its held-out rows). */
    public static final String RETRAIN = "retrain/";

    // --- sharded evaluation results (issue 13, CDK app) ---
    /**
     * Reports bucket: what the sharded evaluation's Distributed Map writes about its child executions (its
     * ResultWriter: {@code map-results/<map run id>/manifest.json} and the SUCCEEDED/FAILED/PENDING files), expired
     * after a week like {@link #SHARDS}.
     */
    public static final String MAP_RESULTS = "map-results/";

    /** The ONNX artifact of a version. */
    public static final String ARTIFACT_FILE = "model.onnx";
    /** The manifest of a version. */
    public static final String MANIFEST_FILE = "manifest.json";
    /** The champion pointer of a model. */
    public static final String CHAMPION_FILE = "champion.json";

    // --- archived versions (issue 15, CLI) ---
    /** Beside a version's manifest: the record that the version is archived (who, when, why). */
    public static final String ARCHIVED_FILE = "archived.json";
    /** The run index of a model. */
    public static final String INDEX_FILE = "index.json";
    /** A run's JSON report. */
    public static final String REPORT_JSON = "report.json";
    /** A run's HTML report. */
    public static final String REPORT_HTML = "report.html";
    /** Data bucket: labels that arrive after their predictions, one {@code dt=} partition per day of arrival. */
    public static final String GROUND_TRUTH = "ground-truth/";

    /** What a labelled-data partition's name starts with, followed by the day. */
    public static final String PARTITION = "dt=";

    // --- model pages (issue 15) ---
    /** The HTML overview of a model ({@code reports/<model>/index.html}) and of every model ({@code reports/}). */
    public static final String PAGE_FILE = "index.html";

    /** IAM-style pattern of every champion pointer: {@code models/*}{@code /champion.json}. */
    public static final String EVERY_CHAMPION = MODELS + "*/" + CHAMPION_FILE;

    private StorageLayout() {}

    /** {@code prefix*}: every key under one of the prefixes above, as an IAM resource or lifecycle pattern. */
    public static String everything(String prefix) {
        return prefix + "*";
    }

    /** {@code models/<name>/}: every key of model {@code name}. */
    public static String modelPrefix(String name) {
        return MODELS + safe("model name", name) + "/";
    }

    /** {@code models/<name>/<version>/model.onnx}. */
    public static String artifact(ModelRef ref) {
        return versionPrefix(ref) + ARTIFACT_FILE;
    }

    /** {@code models/<name>/<version>/manifest.json}. */
    public static String manifest(ModelRef ref) {
        return versionPrefix(ref) + MANIFEST_FILE;
    }

    /** {@code models/<name>/<version>/archived.json}. */
    public static String archived(ModelRef ref) {
        return versionPrefix(ref) + ARCHIVED_FILE;
    }

    /** {@code models/<name>/champion.json}. */
    public static String champion(String name) {
        return modelPrefix(name) + CHAMPION_FILE;
    }

    /** {@code labelled/<model>/}: the default prefix of a model's labelled data. */
    public static String labelledPrefix(String model) {
        return LABELLED + safe("model name", model) + "/";
    }

    /** {@code labelled/<model>/dt=YYYY-MM-DD/}: one day of a model's labelled data. */
    public static String labelledPartition(String model, LocalDate day) {
        return labelledPrefix(model) + PARTITION + day + "/";
    }

    /** {@code reports/<model>/}: every report of a model. */
    public static String reportsPrefix(String model) {
        return REPORTS + safe("model name", model) + "/";
    }

    /** {@code reports/<model>/index.json}. */
    public static String runIndex(String model) {
        return reportsPrefix(model) + INDEX_FILE;
    }

    /** {@code reports/<model>/index.html}: the page a person opens first for a model, rewritten by every run. */
    public static String modelPage(String model) {
        return reportsPrefix(model) + PAGE_FILE;
    }

    /** {@code reports/index.html}: the page listing every model, beside their directories. */
    public static String modelsPage() {
        return REPORTS + PAGE_FILE;
    }

    /** {@code reports/<model>/runs/<runId>/}. */
    public static String runPrefix(String model, String runId) {
        return reportsPrefix(model) + "runs/" + safe("run id", runId) + "/";
    }

    /** {@code reports/<model>/retrains/}: the local runner's retrain reports of a model. */
    public static String retrainsPrefix(String model) {
        return reportsPrefix(model) + "retrains/";
    }

    /**
     * {@code retrain/<model>/<runId>/held-out/}: in the data bucket, the held-out rows of retraining run
     * {@code runId} as labelled CSV, which its validation step evaluates the candidate and the champion on.
     */
    public static String retrainHeldOutPrefix(String model, String runId) {
        return retrainRunPrefix(model, runId) + "held-out/";
    }

    /**
     * {@code retrain/<model>/<runId>/}: in the data bucket, what retraining run {@code runId} hands between its
     * steps: {@code train/}, {@code validation/} and {@code held-out/} rows as labelled CSV, and {@code output/},
     * where a SageMaker training job writes its {@code model.tar.gz}.
     */
    public static String retrainRunPrefix(String model, String runId) {
        return RETRAIN + safe("model name", model) + "/" + safe("run id", runId) + "/";
    }

    /** {@code shards/<model>/<runId>/}: a sharded run's scratch objects, apart from the reports. */
    public static String shardsPrefix(String model, String runId) {
        return SHARDS + safe("model name", model) + "/" + safe("run id", runId) + "/";
    }

    /** {@code ground-truth/<model>/}: every label of a model that arrived after its predictions. */
    public static String groundTruthPrefix(String model) {
        return GROUND_TRUTH + safe("model name", model) + "/";
    }

    /** {@code ground-truth/<model>/dt=YYYY-MM-DD/}: the labels of a model that arrived on one day. */
    public static String groundTruthPartition(String model, LocalDate day) {
        return groundTruthPrefix(model) + PARTITION + day + "/";
    }

    /** {@code capture/<model>/}: every captured prediction of a model. */
    public static String capturePrefix(String model) {
        return CAPTURE + safe("model name", model) + "/";
    }

    /** {@code capture/<model>/dt=YYYY-MM-DD/hour=HH/}: the predictions of one UTC hour, every bucket. */
    public static String captureHour(String model, LocalDate day, int hour) {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("a capture partition has an hour 0-23: hour " + hour);
        }
        return capturePrefix(model) + PARTITION + day + "/" + HOUR_PARTITION + twoDigits(hour) + "/";
    }

    /**
     * {@code capture/<model>/dt=YYYY-MM-DD/hour=HH/b=BB/}: the predictions of one UTC hour and bucket, {@code hour}
     * and {@code bucket} written as two digits.
     */
    public static String capturePartition(String model, LocalDate day, int hour, int bucket) {
        if (bucket < 0 || bucket > 99) {
            throw new IllegalArgumentException("a capture partition has a bucket 0-99: bucket " + bucket);
        }
        return captureHour(model, day, hour) + BUCKET_PARTITION + twoDigits(bucket) + "/";
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static String versionPrefix(ModelRef ref) {
        return MODELS + ref.name() + "/" + ref.version() + "/";
    }

    private static String safe(String what, String value) {
        if (!ModelRef.isSafe(value)) {
            throw new IllegalArgumentException("invalid " + what + " in a storage key: " + value);
        }
        return value;
    }
}
