package dev.vigil.labels;

import dev.vigil.dataset.ObjectBytes;
import dev.vigil.dataset.ObjectRead;
import dev.vigil.dataset.Rejections;
import dev.vigil.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Streams the label records of one ground-truth object, one {@link LabelRecord} at a time; memory is bounded by the
 * parser's buffers, never by the object's size. Bad records are counted in the {@link Rejections} given at open,
 * never thrown. An object that cannot be read to its end (a CSV quote never closed, a header without an {@code id}
 * or {@code label} column or naming one twice, truncated or corrupt gzip) stops there: {@link ObjectRead#error()}
 * says why and at which record, and nothing after it is counted. Only a failure of the stream itself (a lost
 * connection) raises {@link UncheckedIOException}.
 *
 * <p>Every record counted in {@link ObjectRead#rowsRead()} is either returned by {@link #next()} or rejected.
 */
public interface GroundTruthReader extends AutoCloseable {

    /**
     * The next valid record, or null once the object is exhausted.
     *
     * @throws UncheckedIOException when the underlying stream fails
     */
    LabelRecord next();

    /** The format of the records read so far (for JSON Lines, told by the first record). */
    GroundTruthFormat format();

    /** What has been read so far; complete once {@link #next()} has returned null. */
    ObjectRead summary();

    /** Closes the underlying stream. */
    @Override
    void close();

    /** Reads every remaining record into {@code sink} and returns the summary. */
    default ObjectRead readAll(Consumer<LabelRecord> sink) {
        for (LabelRecord r = next(); r != null; r = next()) {
            sink.accept(r);
        }
        return summary();
    }

    /**
     * Reads every remaining record into {@code sink} as a {@link LabelView} (one view, reused: valid only during the
     * call) and returns the summary: the records {@link #next()} would return, read without a {@link LabelRecord}
     * where the format allows (a plain CSV record: no string for its id unless asked).
     */
    default ObjectRead readViews(Consumer<LabelView> sink) {
        LabelView view = null;
        for (LabelRecord r = next(); r != null; r = next()) {
            if (view == null) {
                view = new LabelView(r.sourceKey());
            }
            view.set(r);
            sink.accept(view);
        }
        return summary();
    }

    /**
     * Opens a reader over {@code in}, the bytes of {@code object}. Gzip is recognised by its magic bytes whatever the
     * key says; the layout comes from the key's extension ({@link GroundTruthFormat#ofKey}) or, when it names none,
     * from the first byte ('{' means JSON Lines, anything else CSV), as for labelled data. In JSON Lines a record
     * with a {@code groundTruthData} field is read as SageMaker's, any other as plain. The reader owns {@code in}.
     *
     * @param kind how labels are checked: {@link LabelKind#NUMBER} rejects a label that is not a finite number
     */
    static GroundTruthReader open(ObjectInfo object, InputStream in, LabelKind kind, Rejections rejections) {
        ObjectBytes bytes = ObjectBytes.open(object, in);
        try {
            GroundTruthFormat layout = GroundTruthFormat.ofKey(object.key())
                    .orElseGet(() -> bytes.startsWithBrace() ? GroundTruthFormat.JSON_LINES : GroundTruthFormat.CSV);
            LabelAssembler labels = new LabelAssembler(object, kind, rejections);
            return layout == GroundTruthFormat.CSV
                    ? new CsvGroundTruthReader(bytes, labels)
                    : new JsonLinesGroundTruthReader(bytes, labels);
        } catch (RuntimeException e) {
            try {
                bytes.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
