package dev.vigil.predict;

import dev.vigil.capture.CaptureDropReason;
import dev.vigil.capture.CaptureSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts capture records that were not written as {@code CaptureDropped{model, reason}} and logs them: one structured
 * WARN line the first time a model drops for a reason, then at every power of two, so a key outage cannot flood the
 * log group that capture itself travels through.
 */
final class CaptureDrops implements CaptureSink.DropListener {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureDrops.class);

    private final PredictMetrics metrics;
    private final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();

    CaptureDrops(PredictMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void dropped(String model, CaptureDropReason reason, long records, String detail) {
        if (records > 0) {
            metrics.captureDropped(model, reason.code(), records);
        }
        long before = seen.computeIfAbsent(model + "/" + reason.code(), k -> new AtomicLong()).getAndAdd(
                Math.max(records, 1));
        long after = before + Math.max(records, 1);
        if (Long.highestOneBit(after) > before) { // crossed a power of two
            LOG.warn("capture dropped records: model={} reason={} records={} total={} detail={}", model,
                    reason.code(), records, after, detail);
        }
    }
}
