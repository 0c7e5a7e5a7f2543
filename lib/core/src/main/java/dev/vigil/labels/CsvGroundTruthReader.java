package dev.vigil.labels;

import dev.vigil.dataset.CsvRecords;
import dev.vigil.dataset.ObjectBytes;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.RecordProgress;
import dev.vigil.dataset.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Ground truth as CSV: a header naming {@code id} and {@code label}, and optionally {@code labelled_at} (matched
 * exactly, or else by the one column whose name differs only in case; other columns ignored), then one label per
 * record. A header without an id or label column, or naming one twice, makes the object unreadable: its records
 * cannot be told apart from a header-less file's.
 *
 * <p>Lines are read by {@link PlainCsvLines} while they are plain, their fields from bytes
 * ({@link LabelAssembler#acceptPlain}); from the first line that is not, the general parser ({@link CsvRecords})
 * reads the rest of the object, so every record is split, accepted and rejected as the general parser alone would.
 */
final class CsvGroundTruthReader implements GroundTruthReader {
    static final String ID = "id";
    static final String LABEL = "label";
    static final String LABELLED_AT = "labelled_at";
    private static final String HEADER = "id,label,labelled_at (labelled_at optional)";

    private static final int NONE = 0;
    private static final int PLAIN = 1;
    private static final int GENERAL = 2;

    private final ObjectBytes bytes;
    /** The plain lines at the start of the object; null once the general parser reads on. */
    private PlainCsvLines plain;
    /** The general parser, once a line was not plain. */
    private CsvRecords csv;
    private final LabelAssembler labels;
    private final PlainFields plainFields = new PlainFields();
    private final LabelView view;
    private List<String> header = List.of();
    private List<String> missingColumns = List.of();
    private int idColumn = -1;
    private int labelColumn = -1;
    private int timeColumn = -1;
    private final RecordProgress progress = new RecordProgress();

    CsvGroundTruthReader(ObjectBytes bytes, LabelAssembler labels) {
        this.bytes = bytes;
        this.plain = new PlainCsvLines(bytes.data());
        this.labels = labels;
        this.view = new LabelView(labels.key());
        readHeader();
    }

    /** Reads the next line, plain while lines are: {@link #PLAIN}, {@link #GENERAL} or {@link #NONE} (done). */
    private int read() {
        if (plain != null) {
            try {
                if (plain.next()) {
                    return PLAIN;
                }
            } catch (IOException e) {
                String cause = bytes.unreadable(e);
                if (cause == null) {
                    throw new UncheckedIOException(bytes.object().key() + ": reading failed after "
                            + progress.records() + " CSV records: " + e.getMessage(), e);
                }
                progress.stop(cause);
                return NONE;
            }
            if (!plain.stoppedAtLine()) {
                progress.end();
                return NONE;
            }
            plain = null;
            csv = new CsvRecords(bytes);
        }
        return progress.read(csv) ? GENERAL : NONE;
    }

    private void readHeader() {
        int line = read();
        if (line == NONE) {
            return;
        }
        header = CsvRecords.headerNames(line == PLAIN ? plain.fields() : csv.fields());
        int[] columns = new int[3];
        String[] names = {ID, LABEL, LABELLED_AT};
        for (int n = 0; n < names.length; n++) {
            List<Integer> found = columnsNamed(names[n]);
            if (found.size() > 1) {
                progress.stop("it names column '" + names[n] + "' twice, in columns " + (found.get(0) + 1) + " and "
                        + (found.get(1) + 1) + ", so which one to read is ambiguous; rename or drop one");
                return;
            }
            columns[n] = found.isEmpty() ? -1 : found.get(0);
        }
        idColumn = columns[0];
        labelColumn = columns[1];
        timeColumn = columns[2];
        List<String> missing = new ArrayList<>();
        if (idColumn < 0) {
            missing.add(ID);
        }
        if (labelColumn < 0) {
            missing.add(LABEL);
        }
        missingColumns = List.copyOf(missing);
        if (!missing.isEmpty()) {
            progress.stop("it has no " + String.join(" or ", missing) + " column; ground truth as CSV starts with the"
                    + " header " + HEADER);
            return;
        }
        progress.headerRead();
    }

    /** The columns of that exact name, else those whose name differs from it only in case. */
    private List<Integer> columnsNamed(String name) {
        List<Integer> exact = new ArrayList<>();
        List<Integer> folded = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String column = header.get(c);
            if (column.equals(name)) {
                exact.add(c);
            } else if (column.toLowerCase(Locale.ROOT).equals(name)) {
                folded.add(c);
            }
        }
        return exact.isEmpty() ? folded : exact;
    }

    @Override
    public LabelRecord next() {
        return advance() ? view.toRecord() : null;
    }

    @Override
    public ObjectRead readViews(Consumer<LabelView> sink) {
        while (advance()) {
            sink.accept(view);
        }
        return summary();
    }

    /** Reads up to the next valid record, into {@link #view}; false once the object is exhausted. */
    private boolean advance() {
        while (!progress.done()) {
            int line = read();
            if (line == NONE) {
                return false;
            }
            long record = progress.nextRecord();
            if (line == PLAIN) {
                if (plain.fieldCount() != header.size()) {
                    List<String> fields = plain.fields();
                    labels.reject(record, null, RejectReason.WRONG_COLUMN_COUNT, "record has " + fields.size()
                            + " fields, the header has " + header.size(), String.join(",", fields));
                } else if (labels.acceptPlain(record, plain, idColumn, labelColumn, timeColumn, plainFields, view,
                        this::plainText)) {
                    return true;
                }
                continue;
            }
            List<String> fields = csv.fields();
            if (fields.size() != header.size()) {
                labels.reject(record, null, RejectReason.WRONG_COLUMN_COUNT, "record has " + fields.size()
                        + " fields, the header has " + header.size(), String.join(",", fields));
                continue;
            }
            LabelRecord label = labels.accept(record, fields.get(idColumn), fields.get(labelColumn),
                    timeColumn < 0 ? null : fields.get(timeColumn), () -> String.join(",", fields));
            if (label != null) {
                view.set(label);
                return true;
            }
        }
        return false;
    }

    private String plainText() {
        return String.join(",", plain.fields());
    }

    @Override
    public GroundTruthFormat format() {
        return GroundTruthFormat.CSV;
    }

    @Override
    public ObjectRead summary() {
        var o = bytes.object();
        String unread = progress.done() ? bytes.errorAtEnd(progress.error(), progress.records() + " records")
                : progress.error();
        return new ObjectRead(o.key(), o.eTag(), o.versionId(), o.size(), GroundTruthFormat.CSV.layout(),
                bytes.gzip(), progress.records(), labels.rejected(), labels.earliest(), labels.latest(), missingColumns,
                unread);
    }

    @Override
    public void close() {
        try {
            if (csv != null) {
                csv.close();
            } else {
                bytes.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(bytes.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
