package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** One fixture written by src/test/resources/reference/make_reference.py: inputs and independently computed values. */
record ReferenceFixture(String name, JsonNode json) {
    static final double TOLERANCE = 1e-9;

    static ReferenceFixture load(String name) {
        try (InputStream in = ReferenceFixture.class.getResourceAsStream("/reference/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing fixture reference/" + name + ".json");
            }
            return new ReferenceFixture(name, Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Task task() {
        return Json.MAPPER.convertValue(json.get("task"), Task.class);
    }

    List<String> labels() {
        List<String> labels = new ArrayList<>();
        json.get("labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    int rows() {
        return json.get("actual").size();
    }

    boolean weighted() {
        return !json.get("weights").isNull();
    }

    double weight(int i) {
        return weighted() ? json.get("weights").get(i).asDouble() : 1.0;
    }

    /** Adds rows [from, to) to a classification accumulator. */
    void addClassificationRows(ClassificationAccumulator accumulator, int from, int to) {
        for (int i = from; i < to; i++) {
            JsonNode p = json.get("probabilities").get(i);
            double[] probabilities = new double[p.size()];
            for (int k = 0; k < probabilities.length; k++) {
                probabilities[k] = p.get(k).asDouble();
            }
            int actual = json.get("actual").get(i).asInt();
            int predicted = json.get("predicted").get(i).asInt();
            if (weighted()) {
                accumulator.add(actual, predicted, probabilities, weight(i));
            } else {
                accumulator.add(actual, predicted, probabilities);
            }
        }
    }

    /** Adds rows [from, to) to a regression accumulator. */
    void addRegressionRows(RegressionAccumulator accumulator, int from, int to) {
        for (int i = from; i < to; i++) {
            double actual = json.get("actual").get(i).asDouble();
            double predicted = json.get("predicted").get(i).asDouble();
            if (weighted()) {
                accumulator.add(actual, predicted, weight(i));
            } else {
                accumulator.add(actual, predicted);
            }
        }
    }

    /** The state of rows [from, to) in one pass. */
    EvaluationState state(int from, int to) {
        if (task() == Task.REGRESSION) {
            RegressionAccumulator accumulator = new RegressionAccumulator();
            addRegressionRows(accumulator, from, to);
            return accumulator.finish();
        }
        ClassificationAccumulator accumulator = new ClassificationAccumulator(task(), labels());
        addClassificationRows(accumulator, from, to);
        return accumulator.finish();
    }

    EvaluationState state() {
        return state(0, rows());
    }

    static double number(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }

    static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected undefined (NaN) but was " + actual);
            return;
        }
        double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(actual - expected) <= allowed,
                what + ": expected " + expected + " but was " + actual + " (|diff| " + Math.abs(actual - expected)
                        + " > " + allowed + ")");
    }

    static void assertCloseArray(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what + " length");
        for (int i = 0; i < actual.length; i++) {
            assertClose(number(expected.get(i)), actual[i], what + "[" + i + "]");
        }
    }
}
