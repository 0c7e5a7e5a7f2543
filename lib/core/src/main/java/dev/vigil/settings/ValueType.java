package dev.vigil.settings;

import dev.vigil.alarms.QualityAlarms;
import dev.vigil.capture.CapturePolicy;
import dev.vigil.model.ModelRef;
import dev.vigil.report.ConfidenceLevel;
import dev.vigil.retrain.RetrainBackend;
import dev.vigil.retrain.WorkflowModels;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a {@link Setting}'s value is: how its text is read and written, and the phrase that says what it must be
 * ("a whole number of at least 1"). Package-private: the catalog picks from these.
 *
 * @param <T> the value's Java type
 */
final class ValueType<T> {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#:-]{1,255}");

    private final String expectation;
    private final Function<String, Optional<T>> parse;
    private final Function<T, String> format;

    private ValueType(String expectation, Function<String, Optional<T>> parse, Function<T, String> format) {
        this.expectation = expectation;
        this.parse = parse;
        this.format = format;
    }

    /** What a valid value is, completing "NAME must be ...". */
    String expectation() {
        return expectation;
    }

    /** The value {@code text} (trimmed, not blank) stands for, or empty when it is not a valid value. */
    Optional<T> parse(String text) {
        return parse.apply(text);
    }

    /** The text that {@link #parse} reads back as {@code value}, or empty when {@code value} is not valid. */
    Optional<String> format(T value) {
        String text = format.apply(value);
        return text != null && parse(text).filter(value::equals).isPresent() ? Optional.of(text) : Optional.empty();
    }

    static ValueType<String> name() {
        return new ValueType<>("a name", s -> s.isBlank() ? Optional.empty() : Optional.of(s), s -> s);
    }

    static ValueType<String> jvmFlags() {
        return new ValueType<>("JVM flags separated by spaces, each starting with '-'",
                s -> !s.isBlank() && Arrays.stream(SPACES.split(s.trim())).allMatch(f -> f.startsWith("-"))
                        ? Optional.of(s.trim()) : Optional.empty(), s -> s);
    }

    static ValueType<String> metricsNamespace() {
        return new ValueType<>("1-255 of [A-Za-z0-9._/#:-], not starting with AWS/",
                s -> NAMESPACE.matcher(s).matches() && !s.startsWith("AWS/") ? Optional.of(s) : Optional.empty(),
                s -> s);
    }

    static ValueType<String> modelName() {
        return new ValueType<>("a model name (letters, digits, '.', '_' or '-', at most 128, starting with a letter"
                + " or digit)", s -> ModelRef.isSafe(s) ? Optional.of(s) : Optional.empty(), s -> s);
    }

    static ValueType<List<String>> modelNames() {
        return new ValueType<>("model names separated by commas", s -> {
            List<String> names = Arrays.stream(s.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
            return names.stream().allMatch(ModelRef::isSafe) ? Optional.of(names) : Optional.empty();
        }, names -> names == null ? null : String.join(",", names));
    }

    static ValueType<Integer> wholeNumber(int min, int max) {
        String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
        return new ValueType<>("a whole number " + range, s -> {
            try {
                int n = Integer.parseInt(s);
                return n >= min && n <= max ? Optional.of(n) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }, n -> n == null ? null : Integer.toString(n));
    }

    static ValueType<Duration> duration(boolean zeroAllowed) {
        String bound = zeroAllowed ? "zero or more" : "more than zero";
        return new ValueType<>("an ISO-8601 duration such as PT6H, " + bound,
                s -> {
                    try {
                        Duration d = Duration.parse(s);
                        return d.isNegative() || (!zeroAllowed && d.isZero()) ? Optional.empty() : Optional.of(d);
                    } catch (DateTimeParseException e) {
                        return Optional.empty();
                    }
                }, d -> d == null ? null : d.toString());
    }

    static ValueType<Integer> powerOfTwo(int max) {
        return new ValueType<>("a power of two from 1 to " + max, s -> {
            try {
                int n = Integer.parseInt(s);
                return n >= 1 && n <= max && Integer.bitCount(n) == 1 ? Optional.of(n) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }, n -> n == null ? null : Integer.toString(n));
    }

    static ValueType<CapturePolicy> capturePolicy() {
        return new ValueType<>("a JSON object keyed by model name (or \"*\" for every other model), each like"
                + " {\"sample\": 0.5, \"drop\": [\"age\"], \"pseudonymise\": [\"postcode\"]}", s -> {
                    try {
                        return Optional.of(CapturePolicy.parse(s));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }, policy -> policy == null ? null : policy.toJson());
    }

    static ValueType<RetrainBackend> retrainBackend() {
        return new ValueType<>("one of " + RetrainBackend.ids(), RetrainBackend::find,
                b -> b == null ? null : b.id());
    }

    static ValueType<WorkflowModels> workflowModels() {
        return new ValueType<>("a JSON object keyed by model name, each like {\"source\": \"traffic\", \"length\":"
                + " \"P7D\", \"labelDelay\": \"P7D\"} or {\"source\": \"labelled\", \"days\": 7}", s -> {
                    try {
                        return Optional.of(WorkflowModels.parse(s));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }, models -> models == null ? null : models.toJson());
    }

    static ValueType<QualityAlarms> qualityAlarms() {
        return new ValueType<>("a JSON object keyed by model name, each like {\"thresholds\": {\"F1Binary\": 0.7},"
                + " \"alarmOn\": \"bound\"} (alarmOn \"point\" or \"bound\")", s -> {
                    try {
                        return Optional.of(QualityAlarms.parse(s));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }, alarms -> alarms == null ? null : alarms.toJson());
    }

    static ValueType<Double> confidenceLevel() {
        return new ValueType<>("a confidence level of at least " + ConfidenceLevel.MIN + " and below 1, e.g. 0.95",
                s -> {
            try {
                double d = Double.parseDouble(s.strip());
                return ConfidenceLevel.problem("level", d).isEmpty() ? Optional.of(d) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }, d -> d == null ? null : Double.toString(d));
    }

    static ValueType<Double> fraction() {
        return new ValueType<>("a number from 0 to 1", s -> {
            try {
                double d = Double.parseDouble(s.strip());
                return d >= 0 && d <= 1 ? Optional.of(d) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }, d -> d == null ? null : Double.toString(d));
    }
}
