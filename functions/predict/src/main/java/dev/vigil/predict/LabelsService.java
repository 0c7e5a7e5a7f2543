package dev.vigil.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.json.Json;
import dev.vigil.labels.LabelBatch;
import dev.vigil.labels.LabelBatchCodec;
import dev.vigil.model.ModelManifest;
import dev.vigil.serving.ApiException;
import dev.vigil.serving.ErrorKind;
import dev.vigil.storage.BlobStore;
import dev.vigil.storage.PreconditionFailedException;
import dev.vigil.storage.StorageLayout;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labels route, {@code POST /v1/models/{model}:labels}: labels for earlier predictions, checked all or nothing
 * against the model's current champion ({@link LabelBatchCodec}) and stored before the answer, as one gzip JSON
 * Lines object per request at {@code ground-truth/<model>/dt=<today>/api-<digest>.jsonl.gz} in the data bucket.
 * The object is written create-only and named by its content, so an identical retry finds it already there and is
 * answered {@code "duplicate": true}; a store that cannot be written is a 503 {@code label_store_unavailable} (and
 * nothing was kept). Without a data bucket every request is a 503 {@code labels_not_configured}.
 */
final class LabelsService {
    private static final Logger LOG = LoggerFactory.getLogger(LabelsService.class);
    private static final String CONTENT_TYPE = "application/gzip";

    private final Function<String, ModelManifest> champions;
    private final BlobStore store;
    private final int maxLabels;
    private final Clock clock;
    private final PredictMetrics metrics;

    /**
     * @param champions the manifest of a model's current champion; throws {@link ApiException} when none is served
     * @param store the data bucket, or null when this deployment stores no labels
     */
    LabelsService(Function<String, ModelManifest> champions, BlobStore store, int maxLabels, Clock clock,
            PredictMetrics metrics) {
        this.champions = champions;
        this.store = store;
        this.maxLabels = maxLabels;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Stores the labels of {@code body} for {@code model}, or throws the refusal. */
    HttpResult accept(String model, byte[] body) {
        if (store == null) {
            throw new ApiException(ErrorKind.LABELS_NOT_CONFIGURED, "this deployment does not store labels: predict"
                    + " has no data bucket (VIGIL_DATA_BUCKET)");
        }
        Instant now = clock.instant();
        ModelManifest champion = champions.apply(model);
        LabelBatch batch = LabelBatchCodec.read(body, champion, maxLabels, now);
        String key = StorageLayout.groundTruthPartition(model, LocalDate.ofInstant(now, ZoneOffset.UTC))
                + "api-" + batch.digest(model) + ".jsonl.gz";
        boolean duplicate;
        try {
            store.putIfAbsent(key, batch.gzip(), CONTENT_TYPE);
            duplicate = false;
        } catch (PreconditionFailedException e) {
            duplicate = true; // the same labels, already stored by an earlier try of this request
        } catch (RuntimeException e) {
            LOG.error("could not store {} labels for model {} at {} in {}: {}", batch.size(), model, key,
                    store.location(), e.toString());
            throw new ApiException(ErrorKind.LABEL_STORE_UNAVAILABLE, "the labels could not be stored just now and"
                    + " none was kept; send the same request again");
        }
        if (!duplicate) {
            metrics.labelsAccepted(model, batch.size());
        }
        LOG.info("labels for model {}: {} {} at {}", model, batch.size(), duplicate ? "already stored" : "stored",
                key);
        return HttpResult.ok(answer(batch.size(), key, duplicate), champion.version(), 0);
    }

    private static String answer(int accepted, String key, boolean duplicate) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("accepted", accepted);
            g.writeStringField("key", key);
            g.writeBooleanField("duplicate", duplicate);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
