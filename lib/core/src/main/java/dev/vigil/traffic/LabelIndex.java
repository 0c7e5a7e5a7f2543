package dev.vigil.traffic;

import dev.vigil.capture.IdHash;
import dev.vigil.labels.LabelView;
import dev.vigil.serving.PredictionIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The labels of one traffic shard, keyed by prediction id hash: a primitive open-addressing table (linear probing)
 * over one array of four words per slot (a probe reads one cache line of it) and a flag array, so an id costs
 * {@value #BYTES_PER_SLOT} bytes per slot and no object.
 *
 * <p>Per slot: the id hash ({@code long h1, h2}), the label time ({@code long}: labelled-at until the label joins,
 * then the serving time of the prediction it joined), the value ({@code long}: a {@link LabelDictionary} code for a
 * classifier, the double's bits for regression) and one flag byte (used, joined, conflict, rejected at join). The
 * table holds at most {@value #MAX_LOAD} labels per slot and grows by half when full, so a label costs
 * {@code 33 / 0.7 ≈ 47} bytes when the index is presized for it (up to {@code 33 / 0.467 ≈ 71} just after a growth,
 * and about 118 while growing, when old and new arrays are both held); the dictionary adds its distinct labels.
 *
 * <p>Conflict rule, applied on insert: per id, the label with the latest {@code labelled_at} wins (a label with no
 * time loses to any timed one); on a tie, the record inserted later wins, so inserting in read order (object key,
 * then record) decides ties the same way in every shard layout. Every record after an id's first is counted
 * {@linkplain #superseded() superseded} (its own or the one it replaced); an id that was given two or more distinct
 * values is counted once as a {@linkplain #conflicts() conflict}, the first {@value LabelConflicts#MAX_EXAMPLES} with
 * both values as examples.
 *
 * <p>Inserts are queued, {@value #QUEUE} records at a time, and go into the table together, in order: the home
 * slots of the queued records are read in one loop first, so that their cache misses overlap instead of each
 * stalling the insert in turn. Every reading method puts the queue into the table first, so what it reports is the
 * same as had each record gone in at once. The queue holds its records' hashes, values and, for a conflict example,
 * their id bytes (a few KiB whatever the label count).
 *
 * <p>Mutable and single-threaded. Fill it, then hand it to one {@link TrafficJoin}, which seals it: the join marks
 * the labels it uses.
 */
public final class LabelIndex {
    /** Bytes per slot: two hash words, time, value (8 bytes each) and one flag byte. */
    public static final int BYTES_PER_SLOT = 33;
    /** The most labels per slot before the table grows. */
    public static final double MAX_LOAD = 0.7;

    static final byte USED = 1;
    static final byte JOINED = 2;
    static final byte CONFLICT = 4;
    static final byte REJECTED = 8;
    /** The id's own time lies inside the judged window. */
    static final byte ID_IN_WINDOW = 16;
    /** The id's own time lies outside the judged window. */
    static final byte ID_OUTSIDE_WINDOW = 32;

    private static final int WORDS = 4;
    private static final int H1 = 0;
    private static final int H2 = 1;
    private static final int TIME = 2;
    private static final int VALUE = 3;
    private static final int MIN_CAPACITY = 16;
    /** The most slots: four words each must fit one array. */
    private static final int MAX_CAPACITY = (Integer.MAX_VALUE - 8) / WORDS;

    /** The most records an insert queues before they go into the table together. */
    static final int QUEUE = 32;

    private final LabelDictionary dictionary;
    /** Per slot, four words side by side (one probe touches one cache line here): h1, h2, time, value. */
    private long[] words;
    private byte[] flags;
    private int capacity;
    private int threshold;
    private int size;
    private long records;
    private long rejected;
    private long superseded;
    private long conflicts;
    private final List<LabelConflict> conflictExamples = new ArrayList<>();
    private boolean sealed;
    private TrafficWindow idWindow;

    // Records inserted but not yet in the table, in order: hash, time, encoded value, id-time flag, label, and what
    // a conflict example needs (the record, or the id as a string or as bytes in queuedIdBytes, and the origin).
    private final long[] queuedA = new long[QUEUE];
    private final long[] queuedB = new long[QUEUE];
    private final long[] queuedTime = new long[QUEUE];
    private final long[] queuedValue = new long[QUEUE];
    private final byte[] queuedIdFlag = new byte[QUEUE];
    private final String[] queuedText = new String[QUEUE];
    private final ArrivedLabel[] queuedArrived = new ArrivedLabel[QUEUE];
    private final String[] queuedId = new String[QUEUE];
    private final int[] queuedIdFrom = new int[QUEUE];
    private final int[] queuedIdLength = new int[QUEUE];
    private final String[] queuedSource = new String[QUEUE];
    private final long[] queuedRecord = new long[QUEUE];
    private byte[] queuedIdBytes = new byte[QUEUE * 64];
    private int queuedIdEnd;
    private int queued;
    /** Words the queue's slot reads gave; kept so that the reads are made. */
    private long touched;

    private LabelIndex(LabelDictionary dictionary, int expectedLabels) {
        this.dictionary = dictionary;
        allocate(capacityFor(expectedLabels));
    }

    /** An index of class labels, sized to hold {@code expectedLabels} ids without growing. */
    public static LabelIndex forClassification(int expectedLabels) {
        return new LabelIndex(new LabelDictionary(), expectedLabels);
    }

    /** An index of regression targets, sized to hold {@code expectedLabels} ids without growing. */
    public static LabelIndex forRegression(int expectedLabels) {
        return new LabelIndex(null, expectedLabels);
    }

    /** The smallest capacity that holds {@code labels} ids at {@link #MAX_LOAD}. */
    static int capacityFor(int labels) {
        if (labels < 0) {
            throw new IllegalArgumentException("an expected label count is at least 0, was " + labels);
        }
        long slots = Math.max(MIN_CAPACITY, (long) Math.ceil(labels / MAX_LOAD));
        while (thresholdOf(slots) < labels) {
            slots++;
        }
        if (slots > MAX_CAPACITY) {
            throw new IllegalArgumentException(labels + " labels do not fit one label index; split the window");
        }
        return (int) slots;
    }

    private static long thresholdOf(long slots) {
        return (long) (slots * MAX_LOAD);
    }

    private void allocate(int slots) {
        capacity = slots;
        threshold = (int) thresholdOf(slots);
        words = new long[slots * WORDS];
        flags = new byte[slots];
    }

    /**
     * This index, told the window it will be joined for, so that an unmatched label can be classed by its id's own
     * time (ids Vigil generates are time-ordered): an orphan when inside the window, a label of another window when
     * outside, unknown when the id carries no time. Call before the first {@link #insert}.
     *
     * @throws IllegalStateException when labels were already inserted
     */
    public LabelIndex judging(TrafficWindow window) {
        if (records > 0) {
            throw new IllegalStateException("tell the label index its window before inserting labels");
        }
        this.idWindow = window;
        return this;
    }

    /** Whether this index holds class labels (else regression targets). */
    public boolean isClassification() {
        return dictionary != null;
    }

    /**
     * Adds one label record under the conflict rule. A record whose label cannot be held (empty; for regression not
     * a finite number; for a classifier a new label beyond {@link LabelDictionary#MAX_LABELS}) is counted
     * {@linkplain #rejected() rejected}.
     *
     * @throws IllegalStateException once a join has sealed the index
     */
    public void insert(ArrivedLabel label) {
        insert(label.hash().h1(), label.hash().h2(), label.label(), label.labelledAt(), label, null);
    }

    /**
     * Adds one label record as a reader hands it over ({@link dev.vigil.labels.GroundTruthReader#readViews}), as
     * {@link #insert(ArrivedLabel)} adds the same record: a record without a time takes {@code timeIfNone} (its
     * object's last-modified time, epoch milliseconds, or {@link ArrivedLabel#NO_TIME}). The id's string is only
     * built when the index judges a window or records a conflict.
     *
     * @throws IllegalStateException once a join has sealed the index
     */
    public void insert(LabelView label, long timeIfNone) {
        IdHash hash = label.hash();
        insert(hash.h1(), hash.h2(), label.label(), label.timeOr(timeIfNone), null, label);
    }

    /**
     * The insert of either form of a record: {@code arrived} or else {@code view}, for its id and origin. The record
     * is queued with what the table needs of it, and the queue goes into the table in order when full (or when the
     * index is read), its slots read together first so that the memory latency of one overlaps the others'.
     */
    private void insert(long a, long b, String text, long t, ArrivedLabel arrived, LabelView view) {
        if (sealed) {
            throw new IllegalStateException("this label index is in use by a join; start another for more labels");
        }
        records++;
        long encoded = encode(text);
        if (encoded == Long.MIN_VALUE) {
            rejected++;
            return;
        }
        int q = queued;
        queuedA[q] = a;
        queuedB[q] = b;
        queuedTime[q] = t;
        queuedValue[q] = encoded;
        queuedText[q] = text;
        queuedArrived[q] = arrived;
        queuedId[q] = null;
        if (arrived == null) {
            int length = view.idBytesLength();
            if (length < 0) {
                queuedId[q] = view.id();
            } else {
                if (queuedIdEnd + length > queuedIdBytes.length) {
                    queuedIdBytes = Arrays.copyOf(queuedIdBytes, Math.max(queuedIdBytes.length * 2,
                            queuedIdEnd + length));
                }
                view.copyIdBytes(queuedIdBytes, queuedIdEnd);
                queuedIdFrom[q] = queuedIdEnd;
                queuedIdLength[q] = length;
                queuedIdEnd += length;
            }
            queuedSource[q] = view.sourceKey();
            queuedRecord[q] = view.record();
        }
        String textId = arrived != null ? arrived.id() : queuedId[q];
        queuedIdFlag[q] = idWindow == null ? 0 : idTimeFlag(textId != null ? PredictionIds.timeOf(textId).orElse(-1)
                : PredictionIds.timeOf(queuedIdBytes, queuedIdFrom[q], queuedIdLength[q]));
        queued = q + 1;
        if (queued == QUEUE) {
            drain();
        }
    }

    /** Puts the queued records into the table, in order. */
    private void drain() {
        int n = queued;
        if (n == 0) {
            return;
        }
        long words = touched;
        for (int q = 0; q < n; q++) {
            words += touch(queuedA[q]);
        }
        touched = words;
        for (int q = 0; q < n; q++) {
            place(q);
            queuedText[q] = null;
            queuedArrived[q] = null;
            queuedId[q] = null;
            queuedSource[q] = null;
        }
        queued = 0;
        queuedIdEnd = 0;
    }

    /** Puts queued record {@code q} into the table under the conflict rule. */
    private void place(int q) {
        long a = queuedA[q];
        long b = queuedB[q];
        long t = queuedTime[q];
        long encoded = queuedValue[q];
        int slot = slotOf(a, b);
        if (flags[slot] == 0) {
            if (size >= threshold) {
                grow();
                slot = slotOf(a, b);
            }
            int w = slot * WORDS;
            words[w + H1] = a;
            words[w + H2] = b;
            words[w + TIME] = t;
            words[w + VALUE] = encoded;
            flags[slot] = (byte) (USED | queuedIdFlag[q]);
            size++;
            return;
        }
        superseded++;
        int w = slot * WORDS;
        if (words[w + VALUE] != encoded && (flags[slot] & CONFLICT) == 0) {
            flags[slot] = (byte) (flags[slot] | CONFLICT);
            conflicts++;
            if (conflictExamples.size() < LabelConflicts.MAX_EXAMPLES) {
                ArrivedLabel arrived = queuedArrived[q];
                conflictExamples.add(arrived != null
                        ? new LabelConflict(arrived.id(), decode(words[w + VALUE]), queuedText[q], arrived.origin())
                        : new LabelConflict(queuedIdOf(q), decode(words[w + VALUE]), queuedText[q],
                                new LabelOrigin(queuedSource[q], queuedRecord[q])));
            }
        }
        if (t >= words[w + TIME]) {
            words[w + TIME] = t;
            words[w + VALUE] = encoded;
        }
    }

    /** The id of queued view record {@code q}. */
    private String queuedIdOf(int q) {
        String id = queuedId[q];
        return id != null ? id
                : new String(queuedIdBytes, queuedIdFrom[q], queuedIdLength[q], StandardCharsets.ISO_8859_1);
    }

    /** The flag of an id made at {@code idMillis}, or of an id that carries no time when it is -1. */
    private byte idTimeFlag(long idMillis) {
        if (idWindow == null || idMillis < 0) {
            return 0;
        }
        return idWindow.contains(idMillis) ? ID_IN_WINDOW : ID_OUTSIDE_WINDOW;
    }

    /** Counts {@code count} label records the reader rejected before they reached the index. */
    public void countRejected(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a rejected record count is at least 0, was " + count);
        }
        records += count;
        rejected += count;
    }

    /** The value of {@code text} as stored, or {@code Long.MIN_VALUE} when it cannot be held. */
    private long encode(String text) {
        if (text == null || text.isEmpty()) {
            return Long.MIN_VALUE;
        }
        if (dictionary != null) {
            int code = dictionary.codeOf(text);
            return code < 0 ? Long.MIN_VALUE : code;
        }
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
        // + 0.0 turns -0.0 into 0.0, so no finite value encodes to the Long.MIN_VALUE marker (the bits of -0.0).
        return Double.isFinite(v) ? Double.doubleToLongBits(v + 0.0) : Long.MIN_VALUE;
    }

    private String decode(long stored) {
        return dictionary != null ? dictionary.label((int) stored) : Double.toString(Double.longBitsToDouble(stored));
    }

    /** The slot holding {@code (a, b)}, or the empty slot where it would go. */
    private int slotOf(long a, long b) {
        int i = home(a, capacity);
        while (flags[i] != 0 && (words[i * WORDS + H1] != a || words[i * WORDS + H2] != b)) {
            if (++i == capacity) {
                i = 0;
            }
        }
        return i;
    }

    private static int home(long a, int slots) {
        return (int) (((a >>> 32) * slots) >>> 32);
    }

    private void grow() {
        long wanted = (long) capacity + capacity / 2;
        if (capacity >= MAX_CAPACITY) {
            throw new IllegalStateException("the label index is full at " + size + " labels; split the window");
        }
        long[] oldWords = words;
        byte[] oldFlags = flags;
        allocate((int) Math.min(wanted, MAX_CAPACITY));
        for (int j = 0; j < oldFlags.length; j++) {
            if (oldFlags[j] != 0) {
                int from = j * WORDS;
                int i = slotOf(oldWords[from + H1], oldWords[from + H2]);
                System.arraycopy(oldWords, from, words, i * WORDS, WORDS);
                flags[i] = oldFlags[j];
            }
        }
    }

    /** The label held for {@code hash} (the conflict rule's winner), or null when the id has none. */
    public String labelOf(IdHash hash) {
        drain();
        int slot = find(hash.h1(), hash.h2());
        return slot < 0 ? null : decode(words[slot * WORDS + VALUE]);
    }

    /** The slot of {@code (a, b)}, or -1. */
    int find(long a, long b) {
        int i = home(a, capacity);
        while (flags[i] != 0) {
            if (words[i * WORDS + H1] == a && words[i * WORDS + H2] == b) {
                return i;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
        return -1;
    }

    /**
     * Reads the first slot where {@code a}'s id would be, so that a {@link #find} soon after finds it in cache; the
     * sum of what it read, which the caller keeps (a read whose value is dropped may not be made).
     */
    long touch(long a) {
        int i = home(a, capacity);
        return words[i * WORDS + H1] + flags[i];
    }

    boolean isJoined(int slot) {
        return (flags[slot] & JOINED) != 0;
    }

    long time(int slot) {
        return words[slot * WORDS + TIME];
    }

    long value(int slot) {
        return words[slot * WORDS + VALUE];
    }

    /** Marks the label of {@code slot} used by a prediction served at {@code servedAt}, rejected or not. */
    void markJoined(int slot, long servedAt, boolean rejectedAtJoin) {
        flags[slot] = (byte) (flags[slot] | JOINED | (rejectedAtJoin ? REJECTED : 0));
        words[slot * WORDS + TIME] = servedAt;
    }

    LabelDictionary dictionary() {
        return dictionary;
    }

    void seal() {
        drain();
        if (sealed) {
            throw new IllegalStateException("this label index is already in use by a join; each index serves one");
        }
        sealed = true;
    }

    /**
     * The label side of the accounting: {@code records = rejected + superseded + joined + joinRejected + unmatched},
     * where joined, rejected at join and unmatched are the ids by what the join made of them so far.
     */
    public LabelCounts counts() {
        drain();
        long joined = 0;
        long joinRejected = 0;
        long orphans = 0;
        long outsideWindow = 0;
        for (byte f : flags) {
            if ((f & JOINED) != 0) {
                if ((f & REJECTED) != 0) {
                    joinRejected++;
                } else {
                    joined++;
                }
            } else if ((f & ID_IN_WINDOW) != 0) {
                orphans++;
            } else if ((f & ID_OUTSIDE_WINDOW) != 0) {
                outsideWindow++;
            }
        }
        return new LabelCounts(records, rejected, superseded, joined, joinRejected, size - joined - joinRejected,
                orphans, outsideWindow);
    }

    /** Ids held (distinct, after the conflict rule). */
    public int size() {
        drain();
        return size;
    }

    /** Label records offered, including rejected ones. */
    public long records() {
        return records;
    }

    /** Label records rejected, by the reader or here. */
    public long rejected() {
        return rejected;
    }

    /** Label records that lost to another record of the same id under the conflict rule. */
    public long superseded() {
        drain();
        return superseded;
    }

    /** Ids given at least two distinct labels. */
    public long conflicts() {
        drain();
        return conflicts;
    }

    /** Conflict count and the first examples. */
    public LabelConflicts labelConflicts() {
        drain();
        return new LabelConflicts(conflicts, conflictExamples);
    }

    /** Slots allocated. */
    public int capacity() {
        drain();
        return capacity;
    }

    /** Bytes held by the table's arrays: {@link #BYTES_PER_SLOT} per slot (the dictionary not included). */
    public long tableBytes() {
        drain();
        return (long) capacity * BYTES_PER_SLOT;
    }
}
