package dev.vigil.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The 128-bit MurmurHash3 (x64 variant, seed 0) of a prediction id's UTF-8 bytes: {@code h1} and {@code h2} as the
 * reference implementation returns them. Capture derives a prediction's bucket and its sampling decision from it,
 * and the traffic join keys its label index by it, so every component that splits or samples by id agrees.
 *
 * @param h1 the first 64 bits
 * @param h2 the second 64 bits
 */
public record IdHash(long h1, long h2) {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final double TWO_TO_53 = 0x1.0p53;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The hash of {@code id}'s UTF-8 bytes. */
    public static IdHash of(String id) {
        return of(id.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of {@code bytes}. */
    public static IdHash of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /**
     * The hash of {@code length} bytes of {@code bytes} from {@code offset}: the same as {@link #of(byte[])} of a
     * copy of that range, so a reader can hash an id where it lies in its buffer.
     *
     * @throws IndexOutOfBoundsException when the range does not lie inside {@code bytes}
     */
    public static IdHash of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int blocks = length >>> 4;
        long h1 = 0;
        long h2 = 0;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndianLong(bytes, offset + (i << 4));
            long k2 = littleEndianLong(bytes, offset + (i << 4) + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = offset + (blocks << 4);
        int rest = length & 15;
        if (rest > 8) {
            long k2 = 0;
            for (int i = rest - 1; i >= 8; i--) {
                k2 ^= (bytes[tail + i] & 0xffL) << ((i - 8) * 8);
            }
            h2 ^= mixK2(k2);
        }
        if (rest > 0) {
            long k1 = 0;
            for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
                k1 ^= (bytes[tail + i] & 0xffL) << (i * 8);
            }
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = finalMix(h1);
        h2 = finalMix(h2);
        h1 += h2;
        h2 += h1;
        return new IdHash(h1, h2);
    }

    /**
     * The bucket of this id among {@code buckets}, a power of two: the low bits of {@link #h2}.
     *
     * @throws IllegalArgumentException when {@code buckets} is not a power of two from 1 to 2^30
     */
    public int bucket(int buckets) {
        if (buckets < 1 || buckets > (1 << 30) || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("a bucket count is a power of two from 1 to 2^30; it is " + buckets);
        }
        return (int) (h2 & (buckets - 1));
    }

    /**
     * Whether this id is in a sample of share {@code rate} (0 to 1): the top 53 bits of {@link #h1} as a fraction
     * below {@code rate}, so the same id gets the same answer everywhere and a larger rate keeps a superset.
     */
    public boolean sampledAt(double rate) {
        return (h1 >>> 11) < rate * TWO_TO_53;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long finalMix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndianLong(byte[] bytes, int offset) {
        return (long) LITTLE_ENDIAN_LONG.get(bytes, offset);
    }
}
