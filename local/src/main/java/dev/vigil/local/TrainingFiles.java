package dev.vigil.local;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RejectReason;
import dev.vigil.dataset.RejectionSummary;
import dev.vigil.dataset.Rejections;
import dev.vigil.model.ModelManifest;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model's training rows read from local files (CSV, JSON Lines, gzipped or not) by the dataset readers, as the
 * evaluate function reads labelled data: the same columns, the same rules, every bad row counted by reason. What a
 * drift baseline is computed from ({@link dev.vigil.onnx.ModelBaseline}).
 *
 * @param rows the valid rows' features in the manifest's order
 * @param objects what came of each file
 * @param rejections the rows not used, by reason
 */
record TrainingFiles(double[][] rows, List<ObjectRead> objects, RejectionSummary rejections) {
    private static final int BATCH_ROWS = 4_096;

    /**
     * Reads {@code files} (already {@link DataFileArgument#checked checked}) for {@code manifest}'s model, the label
     * in {@code labelColumn} (null: {@value DatasetColumns#DEFAULT_LABEL}).
     *
     * @throws CommandFailure a usage error when a file cannot be read to its end
     */
    static TrainingFiles read(ModelManifest manifest, List<Path> files, String labelColumn, Progress progress) {
        DatasetSchema schema = DatasetSchema.of(manifest,
                new DatasetColumns(labelColumn, DatasetColumns.DEFAULT_ID, null, null));
        Rejections rejections = new Rejections();
        LabelledBatch batch = new LabelledBatch(BATCH_ROWS, manifest.features().size());
        int width = manifest.features().size();
        List<double[]> rows = new ArrayList<>();
        List<ObjectRead> objects = new ArrayList<>();
        for (Path file : files) {
            progress.objectStarted();
            ObjectInfo object = new ObjectInfo(file.toString(), file.toFile().length(), null, null, null);
            try (InputStream in = progress.counting(Files.newInputStream(file));
                    DatasetReader reader = DatasetReader.open(object, in, schema, rejections)) {
                long before = 0;
                for (int n = reader.read(batch); n > 0; n = reader.read(batch)) {
                    float[] features = batch.features();
                    for (int r = 0; r < n; r++) {
                        double[] row = new double[width];
                        for (int f = 0; f < width; f++) {
                            row[f] = features[r * width + f];
                        }
                        rows.add(row);
                    }
                    long read = reader.summary().rowsRead();
                    progress.rows(read - before);
                    before = read;
                }
                ObjectRead summary = reader.summary();
                progress.rows(summary.rowsRead() - before);
                if (!summary.readToEnd()) {
                    throw CommandFailure.usage(file + " cannot be read to its end: " + summary.error());
                }
                objects.add(summary);
            } catch (IOException e) {
                throw CommandFailure.usage("cannot read the data file " + file + ": " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw CommandFailure.usage("cannot read the data file " + file + ": " + e.getMessage());
            }
        }
        return new TrainingFiles(rows.toArray(double[][]::new), List.copyOf(objects), rejections.summary());
    }

    /** Rows read in all, valid and rejected. */
    long rowsRead() {
        return objects.stream().mapToLong(ObjectRead::rowsRead).sum();
    }

    /** "2 rejected: missing_feature 1, unknown_label 1" or "none rejected". */
    String describeRejections() {
        if (rejections.total() == 0) {
            return "none rejected";
        }
        return rejections.total() + " rejected: " + rejections.counts().entrySet().stream()
                .sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
                .map(e -> e.getKey().code() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The first example of a rejection, in words, or null. */
    String firstRejection() {
        return rejections.examples().stream().findFirst().map(e -> String.format(Locale.ROOT, "%s record %d: %s",
                e.key(), e.record(), e.detail())).orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingFiles t && Arrays.deepEquals(rows, t.rows) && objects.equals(t.objects)
                && rejections.equals(t.rejections);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(rows) + objects.hashCode() * 17 + rejections.hashCode();
    }

    @Override
    public String toString() {
        return "TrainingFiles[rows=" + rows.length + ", objects=" + objects + ", rejections=" + rejections + "]";
    }
}
