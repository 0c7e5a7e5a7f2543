package dev.vigil.capture;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One served prediction as capture writes it ({@value #SCHEMA}): which model and version served it, when, under
 * which prediction id and request id, what it answered, and the features it was given (after the capture policy's
 * drop and pseudonymise lists). {@link CaptureRecordWriter} writes it as one JSON line, {@link CaptureRecordReader}
 * reads it back; build one with {@link #builder()}.
 *
 * @param bucket {@code IdHash.of(id).bucket(B)}: the shard of traffic this prediction belongs to
 * @param servedAt when it was served, to the millisecond
 * @param requestId the request's id (shared by the predictions of one request)
 * @param features in manifest order, dropped features absent
 * @param privacy what the policy changed ({@link CapturePrivacy#NONE} when nothing)
 */
public record CaptureRecord(String model, String version, int bucket, Instant servedAt, String id, String requestId,
        CapturedOutput output, List<CapturedFeature> features, CapturePrivacy privacy) {
    /** The schema string every record carries first; a reader refuses any other. */
    public static final String SCHEMA = "vigil.capture.v1";

    public CaptureRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(output, "output");
        servedAt = Objects.requireNonNull(servedAt, "servedAt").truncatedTo(ChronoUnit.MILLIS);
        features = features == null ? List.of() : List.copyOf(features);
        privacy = privacy == null ? CapturePrivacy.NONE : privacy;
        if (bucket < 0 || bucket > 99) {
            throw new IllegalArgumentException("a capture bucket is 0 to 99, written as two digits: " + bucket);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().model(model).version(version).bucket(bucket).servedAt(servedAt).id(id)
                .requestId(requestId).output(output).features(features).privacy(privacy);
    }

    /** Assembles a {@link CaptureRecord}. */
    public static final class Builder {
        private String model;
        private String version;
        private int bucket;
        private Instant servedAt;
        private String id;
        private String requestId;
        private CapturedOutput output;
        private List<CapturedFeature> features = List.of();
        private CapturePrivacy privacy = CapturePrivacy.NONE;

        private Builder() {}

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public Builder bucket(int value) {
            this.bucket = value;
            return this;
        }

        public Builder servedAt(Instant value) {
            this.servedAt = value;
            return this;
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder output(CapturedOutput value) {
            this.output = value;
            return this;
        }

        public Builder features(List<CapturedFeature> value) {
            this.features = value;
            return this;
        }

        public Builder privacy(CapturePrivacy value) {
            this.privacy = value;
            return this;
        }

        public CaptureRecord build() {
            return new CaptureRecord(model, version, bucket, servedAt, id, requestId, output, features, privacy);
        }
    }
}
