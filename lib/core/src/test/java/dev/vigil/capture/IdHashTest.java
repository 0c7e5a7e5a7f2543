package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link IdHash} against Guava's MurmurHash3 x64 128 (test scope only), an independent implementation. */
class IdHashTest {

    private static IdHash guava(byte[] bytes) {
        ByteBuffer hash = ByteBuffer.wrap(Hashing.murmur3_128().hashBytes(bytes).asBytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        return new IdHash(hash.getLong(), hash.getLong());
    }

    @Test
    void equalsTheReferenceHashForEveryLengthFromEmptyToSeventyBytes() {
        SplittableRandom random = new SplittableRandom(20261201L);
        for (int length = 0; length <= 70; length++) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                assertEquals(guava(bytes), IdHash.of(bytes), "length " + length);
            }
        }
    }

    @Test
    void aRangeOfABufferHashesAsTheStringItHolds() {
        SplittableRandom random = new SplittableRandom(20261203L);
        int[] alphabet = {'a', 'Z', '7', '-', '#', 0xe9, 0x4e2d, 0x1f600};
        for (int trial = 0; trial < 5_000; trial++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                id.appendCodePoint(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)]
                        : 0x21 + random.nextInt(0x5e));
            }
            byte[] utf8 = id.toString().getBytes(StandardCharsets.UTF_8);
            int before = random.nextInt(20);
            byte[] buffer = new byte[before + utf8.length + random.nextInt(20)];
            for (int i = 0; i < buffer.length; i++) {
                buffer[i] = (byte) random.nextInt(256);
            }
            System.arraycopy(utf8, 0, buffer, before, utf8.length);
            assertEquals(IdHash.of(id.toString()), IdHash.of(buffer, before, utf8.length), id::toString);
            assertEquals(guava(utf8), IdHash.of(buffer, before, utf8.length), id::toString);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> IdHash.of(new byte[4], 2, 3));
    }

    @Test
    void hashesAnIdsUtf8Bytes() {
        String id = "cust-42-2026-11/é";
        assertEquals(guava(id.getBytes(StandardCharsets.UTF_8)), IdHash.of(id));
    }

    @Test
    void bucketsSpreadIdsEvenlyAndRefuseACountThatIsNotAPowerOfTwo() {
        int[] counts = new int[8];
        for (int i = 0; i < 80_000; i++) {
            counts[IdHash.of("id-" + i).bucket(8)]++;
        }
        for (int count : counts) {
            assertTrue(Math.abs(count - 10_000) < 500, "bucket counts " + java.util.Arrays.toString(counts));
        }
        assertEquals(0, IdHash.of("any").bucket(1));
        assertThrows(IllegalArgumentException.class, () -> IdHash.of("any").bucket(6));
        assertThrows(IllegalArgumentException.class, () -> IdHash.of("any").bucket(0));
    }

    @Test
    void aSampleAtARateKeepsThatShareAndALargerRateKeepsASuperset() {
        int kept = 0;
        for (int i = 0; i < 100_000; i++) {
            IdHash hash = IdHash.of("prediction-" + i);
            boolean atQuarter = hash.sampledAt(0.25);
            if (atQuarter) {
                kept++;
                assertTrue(hash.sampledAt(0.5));
            }
            assertTrue(hash.sampledAt(1.0));
            assertFalse(hash.sampledAt(0.0));
        }
        assertTrue(Math.abs(kept - 25_000) < 600, "kept " + kept);
    }
}
