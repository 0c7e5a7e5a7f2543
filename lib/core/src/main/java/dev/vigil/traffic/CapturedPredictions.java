package dev.vigil.traffic;

import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.ClassProbabilities;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns {@link CaptureRecord}s read from capture into the {@link ServedPrediction}s the join reads: a classifier's
 * served label and probabilities become class indexes in the serving version's label order. A record of a version
 * the model does not have, or whose labels are not the version's, becomes an answer no version fits, so the join
 * rejects it and counts it.
 */
public final class CapturedPredictions {
    private static final ServedOutput UNFIT = ServedOutput.classification(-1, new double[0]);

    private final Map<String, List<String>> labelsByVersion;
    /**
     * The last version looked up and its labels: readers hand the same version string over record after record, so
     * an identity check spares the map's lookup. Immutable, so a thread that sees another's is right too.
     */
    private VersionLabels last = new VersionLabels("", null);

    private record VersionLabels(String version, List<String> labels) {}

    private CapturedPredictions(Map<String, List<String>> labelsByVersion) {
        this.labelsByVersion = Map.copyOf(labelsByVersion);
    }

    /** Readers for the versions of one model: each version's class labels in output order (any list for regression). */
    public static CapturedPredictions forVersions(Map<String, List<String>> labelsByVersion) {
        return new CapturedPredictions(Objects.requireNonNull(labelsByVersion, "labelsByVersion"));
    }

    /** The prediction {@code record} describes, its id hashed with {@code hash}. */
    public ServedPrediction of(CaptureRecord record, IdHash hash) {
        return new ServedPrediction(record.id(), hash, record.version(), record.servedAt().toEpochMilli(),
                output(record));
    }

    private ServedOutput output(CaptureRecord record) {
        return switch (record.output()) {
            case CapturedOutput.Regression r -> ServedOutput.regression(r.value());
            case CapturedOutput.Classification c -> classification(labelsOf(record.version()), c);
        };
    }

    // the same string (identity) as the last record's: compared by reference on purpose, equals() would cost what
    // the cache spares
    @SuppressWarnings("ReferenceEquality")
    private List<String> labelsOf(String version) {
        VersionLabels seen = last;
        if (seen.version() == version) {
            return seen.labels();
        }
        List<String> labels = labelsByVersion.get(version);
        last = new VersionLabels(version, labels);
        return labels;
    }

    private static ServedOutput classification(List<String> labels, CapturedOutput.Classification c) {
        ClassProbabilities given = c.classProbabilities();
        if (labels == null || given.size() != labels.size()) {
            return UNFIT;
        }
        double[] p = new double[labels.size()];
        int served = -1;
        for (int k = 0; k < p.length; k++) {
            String label = labels.get(k);
            // Capture writes the version's labels in its order, so position k nearly always holds label k.
            if (given.label(k).equals(label)) {
                p[k] = given.value(k);
            } else {
                Float value = given.get(label);
                if (value == null) {
                    return UNFIT;
                }
                p[k] = value;
            }
            if (served < 0 && label.equals(c.label())) {
                served = k;
            }
        }
        return served < 0 ? UNFIT : ServedOutput.classification(served, p);
    }
}
