package dev.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a model version was made, travelling with it in its manifest: the facts Vigil itself records, typed, and any
 * other fact by name in {@code extra}. Every typed fact may be null (not known); {@code partitions} and {@code extra}
 * are never null, and {@code extra} is sorted by name.
 *
 * <p>Read from JSON by {@link #fromJson}: besides this record's own shape it reads the flat string map of older
 * manifests ({@code {"trainedRows": "120", "partitions": "2026-11-01,2026-11-02", "commit": "ab12"}}), whose known
 * names become the typed facts and whose other names go to {@code extra}.
 *
 * @param algorithm the learning algorithm
 * @param hyperparameters the setting it was trained with, as the trainer writes it
 * @param trainedRows rows the model was fitted on
 * @param partitions the {@code dt=} dates of the training data
 * @param retrainRun the id of the retrain run that made it
 * @param alarm the alarm whose transition started that run
 * @param trainer what trained it
 * @param extra any other fact (a commit, a notebook), by name
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Provenance(
        String algorithm,
        String hyperparameters,
        Long trainedRows,
        List<String> partitions,
        String retrainRun,
        String alarm,
        String trainer,
        Map<String, String> extra) {

    /** Nothing known. */
    public static final Provenance NONE = builder().build();

    public Provenance {
        if (trainedRows != null && trainedRows < 0) {
            throw new IllegalArgumentException("provenance.trainedRows must not be negative, was " + trainedRows);
        }
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().algorithm(algorithm).hyperparameters(hyperparameters).trainedRows(trainedRows)
                .partitions(partitions).retrainRun(retrainRun).alarm(alarm).trainer(trainer).extra(extra);
    }

    /**
     * Reads this record's JSON or an older manifest's flat string map; a JSON null or absent provenance is
     * {@link #NONE}.
     *
     * @throws IllegalArgumentException when {@code trainedRows} is not a whole number, or a value is not text
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Provenance fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("provenance must be a JSON object, was " + node);
        }
        Builder b = builder();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            switch (name) {
                case "algorithm" -> b.algorithm(text(name, value));
                case "hyperparameters" -> b.hyperparameters(text(name, value));
                case "trainedRows" -> b.trainedRows(wholeNumber(value));
                case "partitions" -> b.partitions(partitions(value));
                case "retrainRun" -> b.retrainRun(text(name, value));
                case "alarm" -> b.alarm(text(name, value));
                case "trainer" -> b.trainer(text(name, value));
                case "extra" -> {
                    if (value.isObject()) {
                        value.properties().forEach(e -> b.extra(e.getKey(), text("extra." + e.getKey(),
                                e.getValue())));
                    } else {
                        b.extra(name, text(name, value));
                    }
                }
                default -> b.extra(name, text(name, value));
            }
        }
        return b.build();
    }

    private static String text(String name, JsonNode value) {
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("provenance." + name + " must be text, was " + value);
        }
        return value.asText();
    }

    private static long wholeNumber(JsonNode value) {
        if (value.canConvertToExactIntegral() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("provenance.trainedRows must be a whole number, was " + value);
    }

    /** An array of dates, or the comma-separated text older manifests hold. */
    private static List<String> partitions(JsonNode value) {
        List<String> dates = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(date -> dates.add(text("partitions", date)));
        } else {
            Arrays.stream(text("partitions", value).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(dates::add);
        }
        return dates;
    }

    /** Builds a {@link Provenance}; every fact starts unknown. */
    public static final class Builder {
        private String algorithm;
        private String hyperparameters;
        private Long trainedRows;
        private List<String> partitions = List.of();
        private String retrainRun;
        private String alarm;
        private String trainer;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder() {}

        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder hyperparameters(String hyperparameters) {
            this.hyperparameters = hyperparameters;
            return this;
        }

        public Builder trainedRows(Long trainedRows) {
            this.trainedRows = trainedRows;
            return this;
        }

        public Builder partitions(List<String> partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder retrainRun(String retrainRun) {
            this.retrainRun = retrainRun;
            return this;
        }

        public Builder alarm(String alarm) {
            this.alarm = alarm;
            return this;
        }

        public Builder trainer(String trainer) {
            this.trainer = trainer;
            return this;
        }

        /** Adds one fact by name; a later value for the same name wins. */
        public Builder extra(String name, String value) {
            extra.put(name, value);
            return this;
        }

        /** Adds every fact of {@code facts}. */
        public Builder extra(Map<String, String> facts) {
            extra.putAll(facts);
            return this;
        }

        public Provenance build() {
            return new Provenance(algorithm, hyperparameters, trainedRows, partitions, retrainRun, alarm, trainer,
                    extra);
        }
    }
}
