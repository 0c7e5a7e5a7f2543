package dev.vigil.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.serving.InstanceBatch;
import dev.vigil.serving.InstanceReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** One loaded model version as predict serves it: the ONNX session, its request reader, and its answers' shape. */
final class ServedModel implements AutoCloseable {
    private final OnnxModel model;
    private final ModelManifest manifest;
    private final InstanceReader reader;
    private final String metadataJson;

    ServedModel(OnnxModel model, int maxInstances) {
        this.model = model;
        this.manifest = model.manifest();
        this.reader = new InstanceReader(manifest.features(), maxInstances);
        this.metadataJson = metadata(manifest);
    }

    InstanceReader reader() {
        return reader;
    }

    ModelManifest manifest() {
        return manifest;
    }

    /**
     * Runs the batch and writes {@code {"predictions": [...], "model": ..., "model_version": ...}}. Classification
     * instances answer {@code {"label": ..., "probabilities": {label: p, ...}}}; regression instances a number.
     */
    String predictJson(InstanceBatch batch) {
        Predictions p = model.predict(batch.values(), batch.rows());
        StringWriter out = new StringWriter(64 + 48 * batch.rows() * Math.max(1, manifest.labels().size()));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("predictions");
            List<String> labels = manifest.labels();
            for (int i = 0; i < p.size(); i++) {
                if (manifest.task() == Task.REGRESSION) {
                    g.writeNumber(p.value(i));
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("label", p.label(i));
                g.writeObjectFieldStart("probabilities");
                for (int c = 0; c < labels.size(); c++) {
                    g.writeNumberField(labels.get(c), p.probability(i, c));
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", manifest.name());
            g.writeStringField("model_version", manifest.version());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    String metadataJson() {
        return metadataJson;
    }

    private static String metadata(ModelManifest m) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", m.name());
            g.writeStringField("model_version", m.version());
            g.writeStringField("task", m.task().name().toLowerCase(java.util.Locale.ROOT));
            g.writeArrayFieldStart("inputs");
            for (String f : m.features()) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("labels");
            for (String l : m.labels()) {
                g.writeString(l);
            }
            g.writeEndArray();
            if (m.task() == Task.BINARY_CLASSIFICATION) {
                g.writeNumberField("decision_threshold", m.decisionThreshold());
            }
            g.writeStringField("sha256", m.sha256());
            g.writeStringField("created_at", m.createdAt() == null ? null : m.createdAt().toString());
            g.writeStringField("training_data", m.trainingData());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        model.close();
    }
}
