package dev.vigil.predict;

import java.util.function.Supplier;

/**
 * A request body whose size is known before it is decoded, so an oversized body is refused without copying it.
 *
 * @param approximateBytes the decoded size (exact for text, within 2 bytes for base64)
 */
public record Body(long approximateBytes, Supplier<byte[]> bytes) {
    static final Body EMPTY = new Body(0, () -> new byte[0]);

    /** A body already in memory. */
    public static Body of(byte[] bytes) {
        return new Body(bytes.length, () -> bytes);
    }
}
