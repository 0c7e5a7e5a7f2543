package dev.vigil.labels;

import dev.vigil.storage.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * The labels of one labels request, validated, as the JSON Lines object they are stored as: one
 * {@code {"id", "label", "labelled_at"?}} line per label, in request order, times as ISO-8601 instants. Equal
 * requests give equal bytes, so the object's name can be derived from them ({@link #digest}) and an identical retry
 * lands on the same key.
 *
 * @param size how many labels
 * @param jsonLines the UTF-8 JSON Lines text, each line ending in a line feed
 */
public record LabelBatch(int size, byte[] jsonLines) {
    /** Hex characters of the SHA-256 kept in an object name. */
    public static final int DIGEST_CHARS = 32;

    /** The first {@value #DIGEST_CHARS} hex characters of SHA-256 over the model's name, a line feed and the lines. */
    public String digest(String model) {
        byte[] name = (model + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[name.length + jsonLines.length];
        System.arraycopy(name, 0, all, 0, name.length);
        System.arraycopy(jsonLines, 0, all, name.length, jsonLines.length);
        return Sha256.hex(all).substring(0, DIGEST_CHARS);
    }

    /** The lines gzip-compressed (no file name, time zero), the same bytes for the same lines. */
    public byte[] gzip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + jsonLines.length / 3);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(jsonLines);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory
        }
        return out.toByteArray();
    }
}
