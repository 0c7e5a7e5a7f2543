package dev.vigil.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.ClassProbabilities;
import dev.vigil.json.Json;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.serving.InstanceReader;
import dev.vigil.serving.ParsedRequest;
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
    private final AnswerWriter answers;

    ServedModel(OnnxModel model, int maxInstances) {
        this.model = model;
        this.manifest = model.manifest();
        this.reader = new InstanceReader(manifest.features(), maxInstances);
        this.metadataJson = metadata(manifest);
        this.answers = new AnswerWriter(manifest);
    }

    InstanceReader reader() {
        return reader;
    }

    ModelManifest manifest() {
        return manifest;
    }

    /** Runs the request's instances. */
    Predictions predict(ParsedRequest request) {
        return model.predict(request.values(), request.rows());
    }

    /**
     * Writes {@code {"predictions": [...], "ids": [...], "request_id": ..., "model": ..., "model_version": ...}}.
     * Classification instances answer {@code {"label": ..., "probabilities": {label: p, ...}}}; regression instances
     * a number; {@code ids[i]} is prediction {@code i}'s id. {@link AnswerWriter} writes it; what it does not write
     * (a probability or value that is not finite, an id with a character JSON escapes) Jackson's generator does.
     *
     * @param sentIds the ids the caller sent, as {@link ParsedRequest#ids()}: null, or null where an id was generated
     */
    String answerJson(Predictions p, String[] ids, String[] sentIds, String requestId) {
        String answer = answers.write(p, ids, sentIds, requestId);
        return answer != null ? answer : answerJsonGeneral(p, ids, requestId);
    }

    /** The answer through Jackson's generator: the reference {@link AnswerWriter} matches byte for byte (and tests). */
    String answerJsonGeneral(Predictions p, String[] ids, String requestId) {
        StringWriter out = new StringWriter(128 + (48 * Math.max(1, manifest.labels().size()) + 40) * p.size());
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
            g.writeArrayFieldStart("ids");
            for (String id : ids) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeStringField("request_id", requestId);
            g.writeStringField("model", manifest.name());
            g.writeStringField("model_version", manifest.version());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Prediction {@code row} as a capture record holds it: float32 probabilities in label order, or the value. */
    CapturedOutput capturedOutput(Predictions p, int row) {
        if (manifest.task() == Task.REGRESSION) {
            return new CapturedOutput.Regression((float) p.value(row));
        }
        List<String> labels = manifest.labels();
        float[] probabilities = new float[labels.size()];
        for (int c = 0; c < probabilities.length; c++) {
            probabilities[c] = (float) p.probability(row, c);
        }
        return new CapturedOutput.Classification(p.label(row), ClassProbabilities.of(labels, probabilities));
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
