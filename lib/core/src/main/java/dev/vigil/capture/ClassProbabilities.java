package dev.vigil.capture;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A classifier's probabilities by class label, in the order they were given: an immutable map over a label array and
 * a {@code float} array, so a captured prediction holds its few classes without hash nodes or boxed values, and a
 * reader that knows the serving version's label order takes them by position ({@link #label}, {@link #value}).
 * Lookup by label is a linear scan, which for the handful of classes a capture record carries is faster than
 * hashing. Equal to any map with the same entries.
 */
public final class ClassProbabilities extends AbstractMap<String, Float> {
    private final String[] labels;
    private final float[] values;

    private ClassProbabilities(String[] labels, float[] values) {
        this.labels = labels;
        this.values = values;
    }

    /** {@code probabilities} itself when it already is one, else a copy in its iteration order. */
    public static ClassProbabilities copyOf(Map<String, Float> probabilities) {
        if (probabilities instanceof ClassProbabilities same) {
            return same;
        }
        String[] labels = new String[probabilities.size()];
        float[] values = new float[labels.length];
        int k = 0;
        for (Map.Entry<String, Float> e : probabilities.entrySet()) {
            labels[k] = Objects.requireNonNull(e.getKey(), "a class label");
            values[k] = Objects.requireNonNull(e.getValue(), "a class probability");
            k++;
        }
        return new ClassProbabilities(labels, values);
    }

    /**
     * {@code labels[k]}'s probability is {@code values[k]}; both are copied.
     *
     * @throws IllegalArgumentException when the lengths differ or a label repeats
     */
    public static ClassProbabilities of(List<String> labels, float[] values) {
        if (labels.size() != values.length) {
            throw new IllegalArgumentException(labels.size() + " class labels for " + values.length + " probabilities");
        }
        String[] copied = labels.toArray(String[]::new);
        for (int i = 0; i < copied.length; i++) {
            Objects.requireNonNull(copied[i], "a class label");
            for (int j = 0; j < i; j++) {
                if (copied[i].equals(copied[j])) {
                    throw new IllegalArgumentException("class label " + copied[i] + " repeats");
                }
            }
        }
        return new ClassProbabilities(copied, values.clone());
    }

    /**
     * The first {@code count} labels and values of these arrays, which the caller hands over; null when a label
     * repeats (a map cannot hold it; the caller decides what that means).
     */
    static ClassProbabilities adopt(String[] labels, float[] values, int count) {
        for (int i = 1; i < count; i++) {
            for (int j = 0; j < i; j++) {
                if (labels[i].equals(labels[j])) {
                    return null;
                }
            }
        }
        return new ClassProbabilities(Arrays.copyOf(labels, count), Arrays.copyOf(values, count));
    }

    /** The label of class position {@code k}, in the order given. */
    public String label(int k) {
        return labels[k];
    }

    /** The probability of class position {@code k}. */
    public float value(int k) {
        return values[k];
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Float get(Object label) {
        int k = indexOf(label);
        return k < 0 ? null : values[k];
    }

    @Override
    public boolean containsKey(Object label) {
        return indexOf(label) >= 0;
    }

    private int indexOf(Object label) {
        for (int k = 0; k < labels.length; k++) {
            if (labels[k].equals(label)) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Float>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Float>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < labels.length;
                    }

                    @Override
                    public Map.Entry<String, Float> next() {
                        if (next >= labels.length) {
                            throw new NoSuchElementException();
                        }
                        int k = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(labels[k], values[k]);
                    }
                };
            }

            @Override
            public int size() {
                return labels.length;
            }
        };
    }
}
