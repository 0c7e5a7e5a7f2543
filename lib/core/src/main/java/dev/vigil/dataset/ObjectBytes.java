package dev.vigil.dataset;

import dev.vigil.storage.ObjectInfo;
import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One stored object's bytes as Vigil's readers see them: gzip recognised by its magic bytes (whatever the key says)
 * and undone, the decoded stream aware of whether its end was reached, and the words for why reading it stopped. The
 * dataset readers ({@link DatasetReader}) and the ground-truth readers ({@code dev.vigil.labels}) both open objects
 * through it, so an object is decoded, sniffed and reported unreadable by one set of rules.
 */
public final class ObjectBytes implements Closeable {
    /** Read buffer size: large enough that S3 streams are read in few, large chunks. */
    public static final int BUFFER_BYTES = 1 << 16;
    private static final int SNIFF_BYTES = 4000;

    private final ObjectInfo object;
    private final boolean gzip;
    /** The decoded bytes, read only to sniff them (so sniffing never marks the end as reached). */
    private final InputStream decoded;
    private final EndAwareInputStream data;

    private ObjectBytes(ObjectInfo object, boolean gzip, InputStream decoded) {
        this.object = object;
        this.gzip = gzip;
        this.decoded = decoded;
        this.data = new EndAwareInputStream(decoded);
    }

    /**
     * Opens {@code in}, the bytes of {@code object}, undoing gzip when its first two bytes are gzip's magic. The
     * result owns {@code in}, which is closed here when opening fails.
     *
     * @throws UncheckedIOException naming the object, when its first bytes cannot be read
     */
    public static ObjectBytes open(ObjectInfo object, InputStream in) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
            boolean gzip = startsWith(buffered, 0x1f, 0x8b);
            InputStream decoded = gzip
                    ? new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES)
                    : buffered;
            return new ObjectBytes(object, gzip, decoded);
        } catch (IOException e) {
            closeQuietly(in, e);
            throw new UncheckedIOException(object.key() + ": cannot open: " + e.getMessage(), e);
        }
    }

    public ObjectInfo object() {
        return object;
    }

    /** Whether the stored bytes were gzip-compressed (told by the magic bytes, not the name). */
    public boolean gzip() {
        return gzip;
    }

    /** The decoded bytes; they support {@code mark}/{@code reset}. */
    public InputStream data() {
        return data;
    }

    /** True once a read of {@link #data()} has returned the end of the stream. */
    public boolean ended() {
        return data.ended();
    }

    /**
     * True when the first byte of the decoded data, after whitespace and a UTF-8 byte-order mark, is '{' (JSON); the
     * stream is left where it was. False for an empty object, or when the start cannot be read (a reader then meets
     * the same failure and reports it).
     */
    public boolean startsWithBrace() {
        try {
            decoded.mark(SNIFF_BYTES + 96);
            try {
                for (int i = 0; i < SNIFF_BYTES; i++) {
                    int b = decoded.read();
                    boolean skippable = b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB
                            || b == 0xBF; // whitespace and a UTF-8 byte-order mark
                    if (!skippable) {
                        return b == '{';
                    }
                }
                return false;
            } finally {
                decoded.reset();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What a finished reader reports as its error: {@code error} when it stopped for a reason; a sentence when it
     * stopped without one before the decoded stream ended (no record past {@code position} was counted); null when
     * the object was read to its end.
     */
    public String errorAtEnd(String error, String position) {
        if (error != null || data.ended()) {
            return error;
        }
        return "reading stopped after " + position + " before the end of the object";
    }

    /**
     * Why {@code e} stopped the reading of this object, in words, or null when it is a failure of the stream itself
     * rather than of the object's bytes (which the caller then raises).
     */
    public String unreadable(IOException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? ""
                : " (" + e.getMessage().lines().findFirst().orElse("").replaceFirst(" \\(at char #.*", "") + ")";
        return switch (e) {
            case EOFException eof -> gzip ? "the gzip data ends before its end marker: the object is truncated"
                    : "the data ends in the middle of a value: the object is truncated";
            case ZipException zip -> "the gzip data is corrupt" + detail;
            case CharConversionException text -> "the bytes are not UTF-8 text" + detail;
            default -> null;
        };
    }

    @Override
    public void close() throws IOException {
        data.close();
    }

    private static boolean startsWith(InputStream in, int first, int second) throws IOException {
        in.mark(2);
        try {
            return in.read() == first && in.read() == second;
        } finally {
            in.reset();
        }
    }

    /** Closes {@code in} after {@code failure}, keeping a second failure as suppressed. */
    static void closeQuietly(InputStream in, Exception failure) {
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
