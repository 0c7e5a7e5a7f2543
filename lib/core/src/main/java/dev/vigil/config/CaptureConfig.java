package dev.vigil.config;

import dev.vigil.capture.CaptureFormat;
import dev.vigil.settings.VigilSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How served predictions are captured on AWS: predict's capture lines go from its log group through a subscription
 * filter and a Firehose delivery stream to the capture bucket, partitioned as {@code capture/<model>/dt=/hour=/b=/}.
 *
 * @param enabled whether the stack builds the capture path (default true); off, predict samples nothing
 * @param retentionDays days before captured records, delivery errors and joined exports expire, default 90
 * @param logRetentionDays retention of predict's log group, which holds every capture line until it is delivered;
 *     a value CloudWatch Logs accepts, default 3
 * @param buckets id-hash buckets per hour ({@code VIGIL_CAPTURE_BUCKETS}), a power of two, default 8
 * @param bufferInterval how long the delivery stream buffers before writing an object, 60 s to 900 s, default PT5M
 * @param format how the delivery stream stores records: {@code jsonl} (gzipped JSON lines, the default) or
 *     {@code parquet} (converted by the stream with {@code CaptureColumns}'s Glue table, snappy)
 */
public record CaptureConfig(Boolean enabled, Integer retentionDays, Integer logRetentionDays, Integer buckets,
                            Duration bufferInterval, String format) {
    /** Firehose's buffering interval limits, in seconds. */
    static final long MIN_BUFFER_SECONDS = 60;
    static final long MAX_BUFFER_SECONDS = 900;

    public CaptureConfig {
        enabled = enabled == null || enabled;
        retentionDays = retentionDays == null ? 90 : retentionDays;
        logRetentionDays = logRetentionDays == null ? 3 : logRetentionDays;
        buckets = buckets == null ? VigilSettings.CAPTURE_BUCKETS.defaultValue() : buckets;
        bufferInterval = bufferInterval == null ? Duration.ofMinutes(5) : bufferInterval;
        format = format == null ? CaptureFormat.JSONL.configName() : format;
    }

    /** The storage format {@link #format} names; call after {@link #problems()} found none. */
    public CaptureFormat storage() {
        return CaptureFormat.parse(format);
    }

    static CaptureConfig defaults() {
        return new CaptureConfig(null, null, null, null, null, null);
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (retentionDays < 1) {
            problems.add("capture.retentionDays must be at least 1: " + retentionDays);
        }
        if (!VigilConfig.LOG_RETENTION_DAYS.contains(logRetentionDays)) {
            problems.add("capture.logRetentionDays must be one of " + VigilConfig.LOG_RETENTION_DAYS.stream().sorted()
                    .toList() + ": " + logRetentionDays);
        }
        VigilSettings.CAPTURE_BUCKETS.problem(buckets).ifPresent(p -> problems.add("capture.buckets: " + p));
        long seconds = bufferInterval.toSeconds();
        boolean wholeSeconds = bufferInterval.equals(Duration.ofSeconds(seconds));
        if (!wholeSeconds || seconds < MIN_BUFFER_SECONDS || seconds > MAX_BUFFER_SECONDS) {
            problems.add("capture.bufferInterval must be whole seconds from PT1M to PT15M (what Firehose buffers): "
                    + bufferInterval);
        }
        if (CaptureFormat.parse(format) == null) {
            problems.add("capture.format must be \"jsonl\" or \"parquet\": \"" + format + "\"");
        }
        return problems;
    }
}
