package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CaptureKeyMaterialTest {
    private static final byte[] THIRTY_TWO = new byte[32];

    static {
        for (int i = 0; i < THIRTY_TWO.length; i++) {
            THIRTY_TWO[i] = (byte) (i * 37 + 251);
        }
    }

    @Test
    void base64TextIsDecodedWithItsTrailingNewline() {
        String text = Base64.getEncoder().encodeToString(THIRTY_TWO) + "\n";

        assertArrayEquals(THIRTY_TWO, CaptureKeyMaterial.fromText(text, "the key"));
    }

    @Test
    void urlSafeBase64WithoutPaddingIsDecoded() {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(THIRTY_TWO);

        assertTrue(text.contains("-") || text.contains("_"), "the sample must use the URL-safe alphabet: " + text);
        assertArrayEquals(THIRTY_TWO, CaptureKeyMaterial.fromText(text, "the key"));
    }

    @Test
    void base64WrappedOverLinesIsDecoded() {
        byte[] sixtyFour = new byte[64];
        for (int i = 0; i < sixtyFour.length; i++) {
            sixtyFour[i] = (byte) (i * 11);
        }
        String wrapped = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(sixtyFour);

        assertTrue(wrapped.contains("\n"));
        assertArrayEquals(sixtyFour, CaptureKeyMaterial.fromText(wrapped + "\n", "the key"));
    }

    @Test
    void textThatIsNotBase64IsUsedAsItsUtf8Bytes() {
        String text = "correct horse battery staple!";

        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), CaptureKeyMaterial.fromText("  " + text + "\n", "k"));
    }

    @Test
    void base64OfFewerThanSixteenBytesIsTakenAsTextWhenTheTextIsLongEnough() {
        String text = "abcdefghijklmnopqrst"; // valid base64 of 15 bytes, and 20 bytes of text

        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), CaptureKeyMaterial.fromText(text, "k"));
    }

    @Test
    void aKeyShorterThanSixteenBytesIsRefusedNamingTheMinimum() {
        CaptureKeyException e = assertThrows(CaptureKeyException.class,
                () -> CaptureKeyMaterial.fromText("short-key", "the secret s1"));

        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, e.reason());
        assertEquals("the secret s1 holds 9 bytes; a capture key is at least 16 bytes "
                + "(e.g. the output of openssl rand -base64 32)", e.getMessage());
    }

    @Test
    void emptyTextIsRefused() {
        CaptureKeyException e = assertThrows(CaptureKeyException.class,
                () -> CaptureKeyMaterial.fromText(" \n", "the secret s1"));

        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, e.reason());
        assertTrue(e.getMessage().startsWith("the secret s1 is empty; "), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreUsedAsTheyAre() {
        byte[] raw = THIRTY_TWO.clone();
        raw[0] = (byte) 0xC3;
        raw[1] = (byte) 0x28; // an invalid two-byte sequence: not UTF-8

        assertArrayEquals(raw, CaptureKeyMaterial.fromBytes(raw, "the file"));
    }

    @Test
    void bytesThatAreUtf8TextFollowTheTextRule() {
        String text = Base64.getEncoder().encodeToString(THIRTY_TWO) + "\n";

        assertArrayEquals(THIRTY_TWO, CaptureKeyMaterial.fromBytes(text.getBytes(StandardCharsets.UTF_8), "f"));
    }

    @Test
    void fingerprintIsTheFirstFourBytesOfSha256InHex() {
        // SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2, appendix B.1)
        assertEquals("ba7816bf", CaptureKeyMaterial.fingerprint("abc".getBytes(StandardCharsets.UTF_8)));
    }
}
