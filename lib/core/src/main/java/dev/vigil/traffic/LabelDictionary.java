package dev.vigil.traffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct class labels of one label index, each with a small code (0, 1, 2, ... in order of first sight), so the
 * index stores a code per id instead of a string. Holds at most {@link #MAX_LABELS} labels.
 */
public final class LabelDictionary {
    /** The most distinct labels one dictionary holds. */
    public static final int MAX_LABELS = 65_536;
    private static final int RECENT = 4;

    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    /** The last labels looked up and their codes, checked before the map (readers hand repeated labels over). */
    private final String[] recent = new String[RECENT];
    private final int[] recentCodes = new int[RECENT];
    private int nextRecent;

    /** The code of {@code label}, added when new; -1 when it is new and the dictionary is full. */
    public int codeOf(String label) {
        for (int i = 0; i < RECENT; i++) {
            if (label.equals(recent[i])) {
                return recentCodes[i];
            }
        }
        int code = lookUp(label);
        if (code >= 0) {
            recent[nextRecent] = label;
            recentCodes[nextRecent] = code;
            nextRecent = (nextRecent + 1) % RECENT;
        }
        return code;
    }

    private int lookUp(String label) {
        Integer code = codes.get(label);
        if (code != null) {
            return code;
        }
        if (labels.size() >= MAX_LABELS) {
            return -1;
        }
        int added = labels.size();
        codes.put(label, added);
        labels.add(label);
        return added;
    }

    /** The code of {@code label}, or -1 when it was never added. */
    public int find(String label) {
        Integer code = codes.get(label);
        return code == null ? -1 : code;
    }

    /** The label of {@code code}. */
    public String label(int code) {
        return labels.get(code);
    }

    /** How many distinct labels are held. */
    public int size() {
        return labels.size();
    }
}
