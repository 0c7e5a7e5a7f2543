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

/**
 * Ground truth as CSV: a header naming {@code id} and {@code label}, and optionally {@code labelled_at} (matched
 * exactly, or else by the one column whose name differs only in case; other columns ignored), then one label per
 * record. A header without an id or label column, or naming one twice, makes the object unreadable: its records
 * cannot be told apart from a header-less file's.
 */
final class CsvGroundTruthReader implements GroundTruthReader {
    static final String ID = "id";
    static final String LABEL = "label";
    static final String LABELLED_AT = "labelled_at";
    private static final String HEADER = "id,label,labelled_at (labelled_at optional)";

    private final ObjectBytes bytes;
    private final CsvRecords csv;
    private final LabelAssembler labels;
    private List<String> header = List.of();
    private List<String> missingColumns = List.of();
    private int idColumn = -1;
    private int labelColumn = -1;
    private int timeColumn = -1;
    private final RecordProgress progress = new RecordProgress();

    CsvGroundTruthReader(ObjectBytes bytes, LabelAssembler labels) {
        this.bytes = bytes;
        this.csv = new CsvRecords(bytes);
        this.labels = labels;
        readHeader();
    }

    private void readHeader() {
        if (!progress.read(csv)) {
            return;
        }
        header = CsvRecords.headerNames(csv.fields());
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
        while (!progress.done() && progress.read(csv)) {
            long record = progress.nextRecord();
            List<String> fields = csv.fields();
            if (fields.size() != header.size()) {
                labels.reject(record, null, RejectReason.WRONG_COLUMN_COUNT, "record has " + fields.size()
                        + " fields, the header has " + header.size(), String.join(",", fields));
                continue;
            }
            LabelRecord label = labels.accept(record, fields.get(idColumn), fields.get(labelColumn),
                    timeColumn < 0 ? null : fields.get(timeColumn), () -> String.join(",", fields));
            if (label != null) {
                return label;
            }
        }
        return null;
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
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(bytes.object().key() + ": close failed: " + e.getMessage(), e);
        }
    }
}
