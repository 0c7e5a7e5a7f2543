package dev.vigil.settings;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One environment variable of the suite, declared once in {@link VigilSettings}: its name, what its value is, which
 * functions read it and which of them cannot start without it, its default (or what being unset means), and a
 * one-line description. Functions read it through {@link Environment}; the CDK app and the local runner set it
 * through {@link Environment#builder}, so neither spells a name or repeats a default.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {
    /** Who sets a variable. */
    public enum Origin {
        /** The CDK stack (and the local runner) set it, or the function uses its default. */
        DEPLOYMENT,
        /** The Lambda runtime sets it in every container; outside Lambda it is unset. */
        LAMBDA_RUNTIME
    }

    private final String name;
    private final ValueType<T> type;
    private final Set<VigilFunction> readers;
    private final Set<VigilFunction> requiredBy;
    private final T defaultValue;
    private final String whenUnset;
    private final Origin origin;
    private final String description;

    private Setting(Builder<T> b) {
        this.name = b.name;
        this.type = b.type;
        this.readers = Collections.unmodifiableSet(EnumSet.copyOf(b.readers));
        this.requiredBy = Collections.unmodifiableSet(b.requiredBy.isEmpty()
                ? EnumSet.noneOf(VigilFunction.class) : EnumSet.copyOf(b.requiredBy));
        this.defaultValue = b.defaultValue;
        this.whenUnset = b.whenUnset != null || b.defaultValue == null ? b.whenUnset
                : type.format(b.defaultValue).orElseThrow();
        this.origin = b.origin;
        this.description = b.description;
        if (!readers.containsAll(requiredBy) || (defaultValue != null && !requiredBy.isEmpty())) {
            throw new IllegalArgumentException(name + ": required only by readers, and never with a default");
        }
        if (!readers.equals(requiredBy) && whenUnset == null) {
            throw new IllegalArgumentException(name + " may be unset, so it needs a default or says what unset means");
        }
    }

    /** The variable's name, e.g. {@code VIGIL_MODELS_BUCKET}. */
    public String name() {
        return name;
    }

    /** One line on what it configures. */
    public String description() {
        return description;
    }

    /** The functions that read it. */
    public Set<VigilFunction> readers() {
        return readers;
    }

    public boolean isReadBy(VigilFunction function) {
        return readers.contains(function);
    }

    /** True when {@code function} refuses to start without it. */
    public boolean isRequiredBy(VigilFunction function) {
        return requiredBy.contains(function);
    }

    /** The value used when it is unset, or null when it has none (required, or unset has its own meaning). */
    public T defaultValue() {
        return defaultValue;
    }

    /** The documented default: the default value's text, or what being unset means; null when always required. */
    public String whenUnset() {
        return whenUnset;
    }

    /** What a valid value is, e.g. {@code a whole number of at least 1}. */
    public String expectation() {
        return type.expectation();
    }

    public Origin origin() {
        return origin;
    }

    /**
     * The text of {@code value} as this variable carries it.
     *
     * @throws IllegalArgumentException with {@link #problem} when the function would refuse {@code value}
     */
    public String format(T value) {
        Objects.requireNonNull(value, name);
        return type.format(value).orElseThrow(() -> new IllegalArgumentException(problem(value).orElseThrow()));
    }

    /** Why a function would refuse {@code value} ("NAME must be ...; it is 'v'"), or empty when it accepts it. */
    public Optional<String> problem(T value) {
        return value != null && type.format(value).isPresent() ? Optional.empty()
                : Optional.of(refusal(String.valueOf(value)));
    }

    /** Reads {@code text}, which is neither null nor blank; empty when it is not a valid value. */
    Optional<T> parse(String text) {
        return type.parse(text.strip());
    }

    String refusal(String text) {
        return name + " must be " + type.expectation() + "; it is '" + text + "'";
    }

    String missing() {
        return name + " must be set: " + description;
    }

    @Override
    public String toString() {
        return name;
    }

    static <T> Builder<T> of(String name, ValueType<T> type, String description) {
        return new Builder<>(name, type, description);
    }

    /** Declares a setting; only {@link VigilSettings} declares them. */
    static final class Builder<T> {
        private final String name;
        private final ValueType<T> type;
        private final String description;
        private EnumSet<VigilFunction> readers = EnumSet.noneOf(VigilFunction.class);
        private EnumSet<VigilFunction> requiredBy = EnumSet.noneOf(VigilFunction.class);
        private T defaultValue;
        private String whenUnset;
        private Origin origin = Origin.DEPLOYMENT;

        private Builder(String name, ValueType<T> type, String description) {
            this.name = name;
            this.type = type;
            this.description = description;
        }

        Builder<T> readBy(VigilFunction first, VigilFunction... rest) {
            readers = EnumSet.of(first, rest);
            return this;
        }

        Builder<T> requiredBy(VigilFunction first, VigilFunction... rest) {
            requiredBy = EnumSet.of(first, rest);
            return this;
        }

        /** Required by every reader. */
        Builder<T> required() {
            requiredBy = EnumSet.copyOf(readers);
            return this;
        }

        Builder<T> defaultValue(T value) {
            defaultValue = value;
            return this;
        }

        /** What being unset means, for a setting without a default value (or in words, for one with it). */
        Builder<T> whenUnset(String meaning) {
            whenUnset = meaning;
            return this;
        }

        Builder<T> setByLambda() {
            origin = Origin.LAMBDA_RUNTIME;
            return this;
        }

        Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
