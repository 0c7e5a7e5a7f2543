package dev.vigil.training;

import dev.vigil.dataset.DatasetColumns;
import dev.vigil.dataset.DatasetReader;
import dev.vigil.dataset.DatasetSchema;
import dev.vigil.dataset.DatasetSelection;
import dev.vigil.dataset.DatasetWindow;
import dev.vigil.dataset.LabelledBatch;
import dev.vigil.dataset.LabelledData;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.Rejections;
import dev.vigil.model.Task;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a model's labelled data for training with the evaluate function's dataset readers (same keys, formats,
 * column mapping and rejection rules), holding the rows in memory; the local trainer is for windows of up to
 * {@value #MAX_ROWS} rows.
 */
public final class TrainingWindow {
    public static final int MAX_ROWS = 2_000_000;
    private static final int BATCH = 4096;

    private final LabelledData data;

    public TrainingWindow(BlobStore store, Clock clock) {
        this.data = new LabelledData(store, clock);
    }

    /**
     * The valid rows of {@code window} under {@code labelled/<model>/}, mapped by feature name and label.
     *
     * @throws IllegalStateException when the window holds no rows or more than {@value #MAX_ROWS}, or an object of it
     *     cannot be read to its end (training never uses part of an object)
     */
    public Read read(String model, List<String> features, List<String> labels, Task task, DatasetWindow window) {
        String prefix = StorageLayout.labelledPrefix(model);
        DatasetSelection selection = data.select(prefix, window);
        DatasetSchema schema = new DatasetSchema(features, task, labels, DatasetColumns.DEFAULT);
        Rejections rejections = new Rejections();
        LabelledBatch batch = new LabelledBatch(BATCH, features.size());
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<ObjectRead> objects = new ArrayList<>();
        List<Integer> firstRows = new ArrayList<>();
        for (ObjectInfo object : selection.objects()) {
            int first = x.size();
            try (DatasetReader reader = data.open(object, schema, rejections)) {
                int n;
                while ((n = reader.read(batch)) > 0) {
                    for (int r = 0; r < n; r++) {
                        double[] row = new double[features.size()];
                        for (int f = 0; f < row.length; f++) {
                            row[f] = batch.features()[r * row.length + f];
                        }
                        x.add(row);
                        y.add(batch.classes()[r]);
                    }
                    if (x.size() > MAX_ROWS) {
                        throw new IllegalStateException("the training window " + selection.location() + " holds more"
                                + " than " + MAX_ROWS + " rows; the in-process trainer keeps rows in memory");
                    }
                }
                ObjectRead read = reader.summary();
                if (!read.readToEnd()) {
                    throw new IllegalStateException("cannot train on " + selection.location() + ": "
                            + read.key() + " " + read.error());
                }
                objects.add(read);
                firstRows.add(first);
            }
        }
        if (x.isEmpty()) {
            throw new IllegalStateException("no labelled rows to train on in " + selection.location()
                    + " (" + selection.objects().size() + " objects, " + rejections.rows() + " rows rejected)");
        }
        LabelledRows rows = new LabelledRows(features, labels, x.toArray(double[][]::new),
                y.stream().mapToInt(Integer::intValue).toArray());
        List<String> keys = objects.stream().map(ObjectRead::key).toList();
        return new Read(rows, selection.location(), selection.partitions(), keys, rejections.rows(),
                new RowOrigins.InObjects(keys, firstRows.stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * What was read.
     *
     * @param rows the valid rows
     * @param location store and prefix listed
     * @param partitions the {@code dt=} dates read
     * @param keys objects read, in order
     * @param rejected rows rejected as malformed
     * @param origins where each row came from, for the report's description of each part of the split
     */
    public record Read(LabelledRows rows, String location, List<String> partitions, List<String> keys, long rejected,
            RowOrigins origins) {}
}
