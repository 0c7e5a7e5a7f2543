package dev.vigil.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * How many ids were given two or more different labels, with the first {@link #MAX_EXAMPLES} of them.
 *
 * @param ids ids with at least two distinct label values
 * @param examples at most {@link #MAX_EXAMPLES} examples, in read order (merged: in shard order)
 */
public record LabelConflicts(long ids, List<LabelConflict> examples) {
    /** The most examples kept. */
    public static final int MAX_EXAMPLES = 5;

    /** No conflict. */
    public static final LabelConflicts NONE = new LabelConflicts(0, List.of());

    public LabelConflicts {
        examples = examples == null ? List.of() : List.copyOf(examples);
        if (ids < 0 || examples.size() > MAX_EXAMPLES || examples.size() > ids) {
            throw new IllegalArgumentException("label conflicts count " + ids + " ids with " + examples.size()
                    + " examples; at most " + MAX_EXAMPLES + " examples of as many ids are kept");
        }
    }

    /** These conflicts followed by {@code other}'s: counts add, the first examples are kept. */
    public LabelConflicts plus(LabelConflicts other) {
        List<LabelConflict> merged = new ArrayList<>(examples);
        for (LabelConflict example : other.examples) {
            if (merged.size() < MAX_EXAMPLES) {
                merged.add(example);
            }
        }
        return new LabelConflicts(ids + other.ids, merged);
    }
}
