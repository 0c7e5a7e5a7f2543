package dev.vigil.training;

import dev.vigil.capture.CaptureObjects;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.IdHash;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.Rejections;
import dev.vigil.labels.GroundTruthReader;
import dev.vigil.labels.LabelKind;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import dev.vigil.traffic.ArrivedLabel;
import dev.vigil.traffic.LabelIndex;
import dev.vigil.traffic.TrafficWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the served traffic of some windows for training: every captured prediction served in them (read with
 * {@link CaptureObjects}, JSON lines or Parquet, features included) joined by prediction id with the labels that have
 * arrived under {@code ground-truth/<model>/} (read with {@link GroundTruthReader} into a {@link LabelIndex}, so
 * conflicting labels resolve by the same rule as in evaluation: the latest {@code labelled_at} wins). A joined row is
 * the captured features, the arrived label and the serving time; rows come out sorted by (serving time, id), ready
 * for {@link DataSplit#byTime}.
 *
 * <p>As in evaluation, the first capture of an id in read order (object key, then line) is used and later ones are
 * counted as repeats. A model whose capture policy drops or pseudonymises one of its features cannot be trained on
 * its traffic: the read fails naming the feature. Rows are held in memory, at most {@value TrainingWindow#MAX_ROWS}.
 */
public final class TrafficTrainingWindow {
    private static final Pattern HOUR_PARTITION = Pattern.compile("/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/");
    private static final Pattern DAY_PARTITION = Pattern.compile("/dt=(\\d{4}-\\d{2}-\\d{2})/");

    private final BlobStore capture;
    private final BlobStore data;

    /**
     * @param capture where captured predictions are ({@code capture/<model>/...})
     * @param data where labels arrive ({@code ground-truth/<model>/...})
     */
    public TrafficTrainingWindow(BlobStore capture, BlobStore data) {
        this.capture = capture;
        this.data = data;
    }

    /**
     * What was read.
     *
     * @param rows the joined rows, sorted by (serving time, id)
     * @param servedAt each row's serving time, epoch ms, in row order
     * @param counts how every capture record and label record was used
     * @param captureKeys capture objects read, in order
     * @param labelKeys label objects read, in order
     */
    public record Read(LabelledRows rows, long[] servedAt, Counts counts, List<String> captureKeys,
            List<String> labelKeys) {}

    /**
     * How the records were used: {@code captured = rejected + outsideWindows + repeated + joined + unlabelled +
     * unknownLabel} on the capture side.
     *
     * @param captured capture records read
     * @param captureRejected capture records that could not be read
     * @param outsideWindows records served outside every window
     * @param repeated further captures of an id already used
     * @param joined predictions that met their label: the rows
     * @param unlabelled predictions no label has arrived for
     * @param unknownLabel predictions whose label is not one of the model's classes
     * @param labelRecords label records read, rejected ones included
     * @param labelsRejected label records that could not be used
     */
    public record Counts(long captured, long captureRejected, long outsideWindows, long repeated, long joined,
            long unlabelled, long unknownLabel, long labelRecords, long labelsRejected) {}

    /**
     * The joined rows of {@code windows} of {@code model}'s traffic, with the features and labels of {@code schema}.
     *
     * @throws IllegalStateException when a feature of {@code schema} is not captured as a value (dropped or
     *     pseudonymised by the capture policy), an object cannot be read to its end, no row joined, or more than
     *     {@value TrainingWindow#MAX_ROWS} did
     */
    public Read read(String model, TrainingSchema schema, List<TrafficWindow> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no traffic window to train on");
        }
        long from = windows.stream().mapToLong(TrafficWindow::start).min().orElseThrow();
        long to = windows.stream().mapToLong(TrafficWindow::end).max().orElseThrow();
        Rejections labelRejections = new Rejections();
        List<String> labelKeys = new ArrayList<>();
        LabelIndex index = labels(model, LocalDate.ofInstant(Instant.ofEpochMilli(from), ZoneOffset.UTC),
                labelRejections, labelKeys);

        Map<String, Integer> position = new HashMap<>();
        for (int f = 0; f < schema.features().size(); f++) {
            position.put(schema.features().get(f), f);
        }
        Rejections captureRejections = new Rejections();
        List<Joined> rows = new ArrayList<>();
        Set<String> used = new HashSet<>();
        long[] counts = new long[5]; // captured in a file, outside, repeated, unlabelled, unknown label
        List<String> captureKeys = new ArrayList<>();
        for (ObjectInfo object : captureObjects(model, from, to)) {
            captureKeys.add(object.key());
            try {
                counts[0] += CaptureObjects.read(capture, object, true, record -> {
                    long servedAt = record.servedAt().toEpochMilli();
                    if (windows.stream().noneMatch(w -> w.contains(servedAt))) {
                        counts[1]++;
                        return;
                    }
                    if (!used.add(record.id())) {
                        counts[2]++;
                        return;
                    }
                    String label = index.labelOf(IdHash.of(record.id()));
                    int y = label == null ? -1 : schema.labels().indexOf(label);
                    if (label == null) {
                        counts[3]++;
                    } else if (y < 0) {
                        counts[4]++;
                    } else {
                        rows.add(new Joined(servedAt, record.id(), features(model, schema, position, record), y));
                        if (rows.size() > TrainingWindow.MAX_ROWS) {
                            throw new IllegalStateException("the traffic windows of " + model + " join more than "
                                    + TrainingWindow.MAX_ROWS + " rows; the in-process trainer keeps rows in memory");
                        }
                    }
                }, captureRejections).records();
            } catch (NoSuchFileException e) {
                throw new IllegalStateException(object.key() + " was listed but is gone", e);
            } catch (IOException e) {
                throw new IllegalStateException("cannot train on " + model + "'s traffic: " + object.key()
                        + " cannot be read to its end (" + e.getMessage() + ")", e);
            }
        }
        long rejected = captureRejections.rows();
        Counts summary = new Counts(counts[0] + rejected, rejected, counts[1], counts[2], rows.size(), counts[3],
                counts[4], index.records(), index.rejected());
        if (rows.isEmpty()) {
            throw new IllegalStateException("no served prediction of " + model + " in " + describe(windows)
                    + " has a label to train on (" + summary + ")");
        }
        rows.sort(Comparator.comparingLong(Joined::servedAt).thenComparing(Joined::id));
        double[][] x = new double[rows.size()][];
        int[] y = new int[rows.size()];
        long[] servedAt = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = rows.get(i).x();
            y[i] = rows.get(i).y();
            servedAt[i] = rows.get(i).servedAt();
        }
        return new Read(new LabelledRows(schema.features(), schema.labels(), x, y), servedAt, summary,
                List.copyOf(captureKeys), List.copyOf(labelKeys));
    }

    /** Where {@code model}'s traffic is read: its capture prefix joined with its ground-truth prefix. */
    public String location(String model) {
        return join(capture.location(), StorageLayout.capturePrefix(model)) + " joined with "
                + join(data.location(), StorageLayout.groundTruthPrefix(model));
    }

    private static String join(String location, String key) {
        return location.endsWith("/") ? location + key : location + "/" + key;
    }

    /** {@code [start, end)} of each window, ISO-8601. */
    public static String describe(List<TrafficWindow> windows) {
        return String.join(", ", windows.stream().map(w -> "[" + Instant.ofEpochMilli(w.start()) + ", "
                + Instant.ofEpochMilli(w.end()) + ")").toList());
    }

    private record Joined(long servedAt, String id, double[] x, int y) {}

    private static double[] features(String model, TrainingSchema schema, Map<String, Integer> position,
            CaptureRecord record) {
        for (String f : schema.features()) {
            if (record.privacy().dropped().contains(f) || record.privacy().pseudonymised().contains(f)) {
                throw new IllegalStateException("cannot retrain " + model + " on served traffic: its capture policy "
                        + (record.privacy().dropped().contains(f) ? "drops" : "pseudonymises") + " the feature '" + f
                        + "', so the captured inputs cannot be fed to a model");
            }
        }
        double[] x = new double[schema.features().size()];
        boolean[] seen = new boolean[x.length];
        for (CapturedFeature feature : record.features()) {
            Integer at = position.get(feature.name());
            if (at == null) {
                continue;
            }
            if (feature.isPseudonym()) {
                throw new IllegalStateException("cannot retrain " + model + " on served traffic: the feature '"
                        + feature.name() + "' is captured as a pseudonym, not a value");
            }
            x[at] = feature.value();
            seen[at] = true;
        }
        for (int f = 0; f < seen.length; f++) {
            if (!seen[f]) {
                throw new IllegalStateException("cannot retrain " + model + " on served traffic: prediction "
                        + record.id() + " was captured without the feature '" + schema.features().get(f) + "'");
            }
        }
        return x;
    }

    /** The labels that arrived on or after {@code firstDay}, in key order, under the conflict rule. */
    private LabelIndex labels(String model, LocalDate firstDay, Rejections rejections, List<String> keys) {
        List<ObjectInfo> objects = data.list(StorageLayout.groundTruthPrefix(model)).stream()
                .filter(o -> {
                    Matcher m = DAY_PARTITION.matcher(o.key());
                    return m.find() && !LocalDate.parse(m.group(1)).isBefore(firstDay);
                })
                .sorted(Comparator.comparing(ObjectInfo::key)).toList();
        LabelIndex index = LabelIndex.forClassification(1024);
        for (ObjectInfo object : objects) {
            keys.add(object.key());
            long before = rejections.rows();
            InputStream in = data.open(object.key()).orElseThrow(() -> new IllegalStateException(object.key()
                    + " was listed but is gone"));
            try (GroundTruthReader reader = GroundTruthReader.open(object, in, LabelKind.CLASS, rejections)) {
                long objectTime = object.lastModified() == null ? ArrivedLabel.NO_TIME
                        : object.lastModified().toEpochMilli();
                ObjectRead read = reader.readViews(label -> index.insert(label, objectTime));
                if (!read.readToEnd()) {
                    throw new IllegalStateException("cannot train on " + model + "'s traffic: the label file "
                            + object.key() + " cannot be read to its end (" + read.error() + ")");
                }
            } catch (UncheckedIOException e) {
                throw new IllegalStateException("cannot read the label file " + object.key() + ": "
                        + e.getMessage(), e);
            }
            index.countRejected(rejections.rows() - before);
        }
        return index;
    }

    /** Capture objects of the UTC hours that overlap {@code [from, to)}, in key order. */
    private List<ObjectInfo> captureObjects(String model, long from, long to) {
        return capture.list(StorageLayout.capturePrefix(model)).stream()
                .filter(o -> {
                    Matcher m = HOUR_PARTITION.matcher(o.key());
                    if (!m.find()) {
                        return false;
                    }
                    long hourStart = LocalDateTime.of(LocalDate.parse(m.group(1)),
                            LocalTime.of(Integer.parseInt(m.group(2)), 0)).toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
                    return hourStart < to && hourStart + 3_600_000L > from;
                })
                .sorted(Comparator.comparing(ObjectInfo::key)).toList();
    }
}
