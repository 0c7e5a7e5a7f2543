package dev.vigil.capture;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Captures the predictions of answered requests: for each prediction whose id the model's {@link CapturePolicy}
 * samples, encodes its {@link CaptureRecord} with the {@link CaptureRecordWriter} straight from the request's values
 * (dropped features left out, pseudonymised ones as {@link FeaturePseudonymiser} tokens) and hands the request's
 * lines to the {@link CaptureSink} in one write. Capture never fails a request: every record not written is
 * reported to the {@link CaptureSink.DropListener} with its {@link CaptureDropReason}. A model that pseudonymises a
 * feature while no key can be read has its records dropped ({@code key_unavailable}), never written raw.
 * Thread-safe.
 */
public final class PredictionCapture implements AutoCloseable {
    private final CapturePolicy policy;
    private final int buckets;
    private final CaptureRecordWriter writer;
    private final CaptureKeySource keys;
    private final CaptureSink sink;
    private final CaptureSink.DropListener drops;
    private final ThreadLocal<CaptureLines> buffers = ThreadLocal.withInitial(CaptureLines::new);
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private volatile FeaturePseudonymiser pseudonymiser;

    private PredictionCapture(Builder b) {
        this.policy = Objects.requireNonNull(b.policy, "policy");
        this.buckets = b.buckets;
        this.writer = new CaptureRecordWriter(b.maxRecordBytes);
        this.keys = Objects.requireNonNull(b.keys, "keys");
        this.sink = Objects.requireNonNull(b.sink, "sink");
        this.drops = Objects.requireNonNull(b.drops, "drops");
        if (buckets > CaptureLayout.MAX_BUCKETS) {
            throw new IllegalArgumentException("at most " + CaptureLayout.MAX_BUCKETS + " capture buckets: " + buckets);
        }
        IdHash.of("").bucket(buckets); // refuses a bucket count that is not a power of two
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Captures one answered request's sampled predictions; never throws.
     *
     * @param ids the id of each prediction, as answered
     * @param values the instances, row-major, {@code ids.length} rows of {@code servedBy.features().size()}
     * @param outputs what prediction {@code i} answered
     * @return how many records were handed to the sink
     */
    public int capture(ServedBy servedBy, String[] ids, float[] values, IntFunction<CapturedOutput> outputs) {
        return capture(servedBy, ids, values, null, outputs);
    }

    /**
     * Captures one answered request's sampled predictions, copying each value's text from {@code texts} where it
     * holds one (the same bytes {@link #capture(ServedBy, String[], float[], IntFunction)} writes); never throws.
     *
     * @param texts the values' texts as the request sent them, or null
     * @return how many records were handed to the sink
     */
    public int capture(ServedBy servedBy, String[] ids, float[] values, SentTexts texts,
            IntFunction<CapturedOutput> outputs) {
        String model = servedBy.model();
        EnumMap<CaptureDropReason, Long> dropped = null;
        CaptureLines lines = buffers.get();
        lines.clear();
        try {
            Plan plan = plan(model, servedBy.features());
            if (plan.policy().samplesNothing()) {
                return 0; // the ids need no hashing: none of them is sampled
            }
            FeaturePseudonymiser tokens = plan.pseudonymises() ? pseudonymiser() : null;
            Instant servedAt = servedBy.servedAt().truncatedTo(ChronoUnit.MILLIS);
            // One prediction writes its line straight; several share the parts every line of the request repeats.
            CaptureRecordWriter.SharedParts shared = ids.length > 1
                    ? CaptureRecordWriter.SharedParts.of(servedBy, servedAt) : null;
            for (int i = 0; i < ids.length; i++) {
                IdHash hash = IdHash.of(ids[i]);
                if (!plan.policy().sampled(hash)) {
                    continue;
                }
                if (plan.pseudonymises() && tokens == null) {
                    dropped = count(dropped, CaptureDropReason.KEY_UNAVAILABLE, 1L);
                    continue;
                }
                try {
                    if (!writer.appendRow(servedBy, servedAt, shared, hash.bucket(buckets), ids[i], outputs.apply(i),
                            plan.fields, values, texts, i, tokens, lines)) {
                        dropped = count(dropped, CaptureDropReason.TOO_LARGE, 1L);
                    }
                } catch (RuntimeException e) {
                    dropped = count(dropped, CaptureDropReason.INTERNAL, 1L);
                }
            }
            int written = lines.lines().size();
            if (written > 0) {
                try {
                    sink.write(lines);
                } catch (Exception e) {
                    dropped = count(dropped, CaptureDropReason.SINK_FAILED, (long) written);
                    written = 0;
                }
            }
            return written;
        } catch (RuntimeException e) {
            dropped = count(dropped, CaptureDropReason.INTERNAL, (long) ids.length);
            return 0;
        } finally {
            lines.clear();
            if (dropped != null) {
                dropped.forEach((reason, n) -> reportDrop(model, reason, n));
            }
        }
    }

    /** Reads the key again on a daemon thread (after a SnapStart restore); never throws, never waits. */
    public void refreshKeyInBackground() {
        if (!policy.pseudonymises()) {
            return;
        }
        try {
            Thread t = new Thread(() -> {
                try {
                    keys.refresh();
                } catch (RuntimeException e) {
                    // refresh() reports its own failures; the key last read stays in use
                }
            }, "vigil-capture-key-refresh");
            t.setDaemon(true);
            t.start();
        } catch (RuntimeException | Error e) {
            // no thread to spare: the key last read stays in use
        }
    }

    /** Closes the sink, writing out what it buffers. */
    @Override
    public void close() {
        sink.close();
    }

    /** {@code counts} (a new map when null) with {@code records} more dropped for {@code reason}. */
    private static EnumMap<CaptureDropReason, Long> count(EnumMap<CaptureDropReason, Long> counts,
            CaptureDropReason reason, long records) {
        EnumMap<CaptureDropReason, Long> map = counts == null ? new EnumMap<>(CaptureDropReason.class) : counts;
        map.merge(reason, records, Long::sum);
        return map;
    }

    private void reportDrop(String model, CaptureDropReason reason, long records) {
        try {
            drops.dropped(model, reason, records, reason.code());
        } catch (RuntimeException e) {
            // counting is best effort; capture must not fail the request
        }
    }

    private FeaturePseudonymiser pseudonymiser() {
        Optional<CaptureKey> key = keys.current();
        if (key.isEmpty()) {
            return null;
        }
        FeaturePseudonymiser current = pseudonymiser;
        if (current == null || !current.key().equals(key.get())) {
            current = new FeaturePseudonymiser(key.get());
            pseudonymiser = current;
        }
        return current;
    }

    private Plan plan(String model, List<String> features) {
        Plan plan = plans.get(model);
        if (plan == null || plan.features != features) {
            plan = Plan.of(policy.forModel(model), features);
            plans.put(model, plan);
        }
        return plan;
    }

    /** A model policy applied to one version's features. */
    private static final class Plan {
        private final CapturePolicy.ModelPolicy policy;
        private final List<String> features;
        private final CaptureRecordWriter.FeatureFields fields;
        private final boolean pseudonymises;

        private Plan(CapturePolicy.ModelPolicy policy, List<String> features,
                CaptureRecordWriter.FeatureFields fields, boolean pseudonymises) {
            this.policy = policy;
            this.features = features;
            this.fields = fields;
            this.pseudonymises = pseudonymises;
        }

        static Plan of(CapturePolicy.ModelPolicy policy, List<String> features) {
            boolean[] written = new boolean[features.size()];
            boolean[] pseudonym = new boolean[features.size()];
            List<String> dropped = new ArrayList<>();
            List<String> pseudonymised = new ArrayList<>();
            for (int c = 0; c < features.size(); c++) {
                String name = features.get(c);
                if (policy.drop().contains(name)) {
                    dropped.add(name);
                } else {
                    written[c] = true;
                    if (policy.pseudonymise().contains(name)) {
                        pseudonym[c] = true;
                        pseudonymised.add(name);
                    }
                }
            }
            CapturePrivacy privacy = new CapturePrivacy(dropped, pseudonymised);
            return new Plan(policy, features, new CaptureRecordWriter.FeatureFields(features, written, pseudonym,
                    privacy), !pseudonymised.isEmpty());
        }

        CapturePolicy.ModelPolicy policy() {
            return policy;
        }

        boolean pseudonymises() {
            return pseudonymises;
        }
    }

    /** Assembles a {@link PredictionCapture}; every part but the limits is required. */
    public static final class Builder {
        private CapturePolicy policy = CapturePolicy.DEFAULT;
        private int buckets = 8;
        private int maxRecordBytes = CaptureRecordWriter.DEFAULT_MAX_RECORD_BYTES;
        private CaptureKeySource keys = CaptureKeySource.none();
        private CaptureSink sink;
        private CaptureSink.DropListener drops;

        private Builder() {}

        public Builder policy(CapturePolicy value) {
            this.policy = value;
            return this;
        }

        /** A power of two, at most {@value CaptureLayout#MAX_BUCKETS}. */
        public Builder buckets(int value) {
            this.buckets = value;
            return this;
        }

        public Builder maxRecordBytes(int value) {
            this.maxRecordBytes = value;
            return this;
        }

        public Builder keys(CaptureKeySource value) {
            this.keys = value;
            return this;
        }

        public Builder sink(CaptureSink value) {
            this.sink = value;
            return this;
        }

        public Builder drops(CaptureSink.DropListener value) {
            this.drops = value;
            return this;
        }

        public PredictionCapture build() {
            return new PredictionCapture(this);
        }
    }
}
