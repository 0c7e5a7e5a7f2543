package dev.vigil.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The settings one function reads, taken from its environment variables (a {@code Map}, so tests and the local runner
 * pass their own) and checked all at once: {@link #of} reads every catalog setting the function reads, and refuses
 * the environment with one {@link SettingException} naming each variable that is missing or malformed. A blank value
 * counts as unset. Reading a setting the catalog does not list for this function is a programming error.
 */
public final class Environment {
    private final VigilFunction reader;
    private final Map<Setting<?>, Object> values;

    private Environment(VigilFunction reader, Map<Setting<?>, Object> values) {
        this.reader = reader;
        this.values = values;
    }

    /**
     * The settings {@code reader} reads, from {@code variables}.
     *
     * @throws SettingException naming every required variable that is unset and every value that is malformed
     */
    public static Environment of(VigilFunction reader, Map<String, String> variables) {
        Map<Setting<?>, Object> values = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting<?> setting : VigilSettings.readBy(reader)) {
            String text = variables.get(setting.name());
            if (text == null || text.isBlank()) {
                if (setting.isRequiredBy(reader)) {
                    problems.add(setting.missing());
                } else if (setting.defaultValue() != null) {
                    values.put(setting, setting.defaultValue());
                }
                continue;
            }
            setting.parse(text).ifPresentOrElse(v -> values.put(setting, v),
                    () -> problems.add(setting.refusal(text.strip())));
        }
        if (!problems.isEmpty()) {
            throw new SettingException(reader, problems);
        }
        return new Environment(reader, values);
    }

    /** Starts the variables of {@code function}'s environment, for the CDK app, the local runner and tests. */
    public static Builder builder(VigilFunction function) {
        return new Builder(function);
    }

    public VigilFunction reader() {
        return reader;
    }

    /**
     * The value of {@code setting}: what the environment says, else its default, else null (only for a setting this
     * function may run without).
     *
     * @throws IllegalArgumentException when the catalog does not list {@code setting} as read by this function
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        requireRead(reader, setting);
        return (T) values.get(setting);
    }

    /**
     * A problem with a value that depends on another ("VIGIL_RETRAIN_TARGET must be set for the sagemaker backend"),
     * in the same words and type as the problems {@link #of} finds.
     */
    public SettingException refuse(Setting<?> setting, String problem) {
        requireRead(reader, setting);
        return new SettingException(reader, List.of(setting.name() + " " + problem));
    }

    private static void requireRead(VigilFunction reader, Setting<?> setting) {
        if (!VigilSettings.ALL.contains(setting) || !setting.isReadBy(reader)) {
            throw new IllegalArgumentException(reader.id() + " does not read " + setting.name()
                    + " according to the settings catalog (VigilSettings)");
        }
    }

    /** The variables one function is given; each must be a setting the function reads, with a value it accepts. */
    public static final class Builder {
        private final VigilFunction function;
        private final Map<String, String> variables = new TreeMap<>();

        private Builder(VigilFunction function) {
            this.function = Objects.requireNonNull(function);
        }

        /**
         * Sets {@code setting} to {@code value}.
         *
         * @throws IllegalArgumentException when the function does not read {@code setting}, or would refuse
         *     {@code value}
         */
        public <T> Builder set(Setting<T> setting, T value) {
            requireRead(function, setting);
            variables.put(setting.name(), setting.format(value));
            return this;
        }

        /** As {@link #set}, unless {@code value} is null: then the variable stays unset. */
        public <T> Builder setIfPresent(Setting<T> setting, T value) {
            return value == null ? this : set(setting, value);
        }

        /** The variables, by name in name order. */
        public Map<String, String> variables() {
            return Collections.unmodifiableMap(new TreeMap<>(variables));
        }

        /** The environment the function reads from these variables. */
        public Environment read() {
            return of(function, variables);
        }
    }
}
