package dev.vigil.capture;

import dev.vigil.storage.StorageLayout;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Where a captured prediction is stored: {@code capture/<model>/dt=YYYY-MM-DD/hour=HH/b=BB/}, from its
 * {@code served_at} (UTC) and its bucket, as {@link StorageLayout#capturePartition} spells it. The local sink writes
 * these prefixes, and the deployed delivery stream's partition keys must render the same ones.
 */
public final class CaptureLayout {
    /** The most buckets a deployment may split capture into. */
    public static final int MAX_BUCKETS = 64;

    private CaptureLayout() {}

    /** The partition of a record of {@code model} served at {@code servedAt} in {@code bucket}. */
    public static String partitionPrefix(String model, Instant servedAt, int bucket) {
        LocalDateTime utc = LocalDateTime.ofInstant(servedAt, ZoneOffset.UTC);
        return StorageLayout.capturePartition(model, utc.toLocalDate(), utc.getHour(), bucket);
    }

    /** The bucket as a record's {@code bucket} field holds it: two decimal digits. */
    public static String bucketText(int bucket) {
        if (bucket < 0 || bucket > 99) {
            throw new IllegalArgumentException("a capture bucket is 0 to 99: " + bucket);
        }
        return bucket < 10 ? "0" + bucket : Integer.toString(bucket);
    }
}
