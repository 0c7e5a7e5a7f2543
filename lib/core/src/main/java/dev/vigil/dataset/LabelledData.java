package dev.vigil.dataset;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StorageLayout;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The labelled data in one {@link BlobStore} (the data bucket): selects the objects of a {@link DatasetWindow}
 * and opens them as {@link DatasetReader}s. Keys follow {@link StorageLayout#labelledPartition} plus
 * {@code part-*.csv[.gz]}, {@code *.jsonl[.gz]} or {@code *.parquet}.
 */
public final class LabelledData {
    static final int MAX_IGNORED_KEYS = 100;
    private static final String PARTITION = StorageLayout.PARTITION;

    private final BlobStore store;
    private final Clock clock;

    public LabelledData(BlobStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the data lives, e.g. {@code s3://bucket} (for lineage). */
    public String location() {
        return store.location();
    }

    /**
     * Lists the objects {@code window} selects under {@code prefix} (which should end with '/'). A day window lists
     * only its days' partitions, so its cost does not grow with the history kept.
     *
     * @throws DatasetException when a key of a {@link DatasetWindow.Keys} window does not exist
     */
    public DatasetSelection select(String prefix, DatasetWindow window) {
        String location = store.location() + "/" + prefix;
        return switch (window) {
            case DatasetWindow.Keys keys -> selectKeys(location, keys.keys());
            case DatasetWindow.LastDays days -> selectDays(location, prefix, days.days());
            case DatasetWindow.LastPartitions last -> selectPartitions(location, prefix, last.partitions());
            case DatasetWindow.Everything everything -> {
                List<ObjectInfo> objects = new ArrayList<>();
                List<String> ignored = new ArrayList<>();
                sortData(store.list(prefix), objects, ignored);
                yield new DatasetSelection(location, List.of(), objects, ignored);
            }
        };
    }

    /**
     * Opens {@code object} for reading with {@code schema}, counting bad rows in {@code rejections}. Parquet is read by
     * ranged reads of the listed version, footer first, one row group at a time.
     *
     * @throws DatasetException when the object disappeared since it was listed
     */
    public DatasetReader open(ObjectInfo object, DatasetSchema schema, Rejections rejections) {
        if (DatasetFormat.ofKey(object.key()).orElse(null) == DatasetFormat.PARQUET) {
            return new ParquetDatasetReader(object, new BlobInputFile(store, object), schema, rejections);
        }
        InputStream in = store.open(object.key())
                .orElseThrow(() -> new DatasetException(object.key() + " was listed but no longer exists"));
        return DatasetReader.open(object, in, schema, rejections);
    }

    private DatasetSelection selectKeys(String location, List<String> keys) {
        List<ObjectInfo> objects = new ArrayList<>();
        for (String key : keys) {
            objects.add(store.head(key).orElseThrow(() -> new DatasetException(
                    "the dataset names " + key + " but " + store.location() + " has no such object")));
        }
        return new DatasetSelection(location, List.of(), objects, List.of());
    }

    private DatasetSelection selectDays(String location, String prefix, int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> partitions = new ArrayList<>();
        for (int back = days - 1; back >= 0; back--) {
            String date = today.minusDays(back).toString();
            int before = objects.size();
            sortData(store.list(prefix + PARTITION + date + "/"), objects, ignored);
            if (objects.size() > before) {
                partitions.add(date);
            }
        }
        return new DatasetSelection(location, partitions, objects, ignored);
    }

    private DatasetSelection selectPartitions(String location, String prefix, int count) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        TreeMap<LocalDate, List<ObjectInfo>> byDate = new TreeMap<>(Comparator.reverseOrder());
        for (ObjectInfo object : store.list(prefix + PARTITION)) {
            LocalDate date = partitionDate(object.key(), prefix);
            if (date != null && !date.isAfter(today)) {
                byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(object);
            }
        }
        List<LocalDate> chosen = byDate.keySet().stream().limit(count).sorted().toList();
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (LocalDate date : chosen) {
            sortData(byDate.get(date), objects, ignored);
        }
        return new DatasetSelection(location, chosen.stream().map(LocalDate::toString).toList(), objects, ignored);
    }

    /** Appends the data objects of {@code listed} in key order to {@code objects}, other keys to {@code ignored}. */
    private static void sortData(List<ObjectInfo> listed, List<ObjectInfo> objects, List<String> ignored) {
        listed.stream().sorted(Comparator.comparing(ObjectInfo::key)).forEach(object -> {
            if (isDataKey(object.key())) {
                objects.add(object);
            } else if (ignored.size() < MAX_IGNORED_KEYS && !object.key().endsWith("/")) {
                ignored.add(object.key());
            }
        });
    }

    /**
     * True when a listed key names labelled data: a {@code .csv}, {@code .jsonl}, {@code .ndjson} or {@code .json}
     * name (optionally {@code .gz}), or a {@code .parquet} one, not starting with '_' or '.' (so {@code _SUCCESS} and
     * {@code .crc} files are not).
     */
    public static boolean isDataKey(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return !name.startsWith("_") && !name.startsWith(".") && DatasetFormat.ofKey(name).isPresent();
    }

    /** The date of {@code <prefix>dt=YYYY-MM-DD/...}, or null when the key is not in such a partition. */
    static LocalDate partitionDate(String key, String prefix) {
        if (!key.startsWith(prefix + PARTITION)) {
            return null;
        }
        String rest = key.substring(prefix.length() + PARTITION.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        try {
            return LocalDate.parse(rest.substring(0, slash));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
