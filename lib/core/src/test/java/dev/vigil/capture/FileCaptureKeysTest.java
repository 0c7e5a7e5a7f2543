package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCaptureKeysTest {
    private static final byte[] KEY_ONE = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_TWO = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final RecordingKeyListener listener = new RecordingKeyListener();

    @Test
    void readsAPrivateFileAndNamesTheKeyByItsFingerprint() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE) + "\n", "rw-------");

        FileCaptureKeys keys = FileCaptureKeys.open(file, listener);

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_ONE, key.secret());
        assertEquals(CaptureKeyMaterial.fingerprint(KEY_ONE), key.version());
        assertEquals(List.of(new RecordingKeyListener.Change(file.toString(), Optional.empty(), key.version())),
                listener.changes());
    }

    @Test
    void refusesAFileOthersCanRead() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE), "rw-r--r--");

        CaptureKeyException e = assertThrows(CaptureKeyException.class, () -> FileCaptureKeys.open(file, listener));

        assertEquals(CaptureKeyFailure.Reason.FILE_NOT_PRIVATE, e.reason());
        assertEquals("the capture key file " + file + " can be read or written by others than its owner (rw-r--r--);"
                + " make it private with chmod 600 " + file, e.getMessage());
    }

    @Test
    void refusesAFileItsGroupCanRead() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE), "rw-r-----");

        CaptureKeyException e = assertThrows(CaptureKeyException.class, () -> FileCaptureKeys.open(file, listener));

        assertEquals(CaptureKeyFailure.Reason.FILE_NOT_PRIVATE, e.reason());
    }

    @Test
    void acceptsAFileOnlyItsOwnerCanRead() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE), "r--------");

        assertArrayEquals(KEY_ONE, FileCaptureKeys.open(file, listener).current().orElseThrow().secret());
    }

    @Test
    void refusesAMissingFileAndAShortKey() throws IOException {
        Path missing = dir.resolve("absent.key");
        CaptureKeyException absent = assertThrows(CaptureKeyException.class,
                () -> FileCaptureKeys.open(missing, listener));
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, absent.reason());
        assertEquals("there is no capture key file at " + missing, absent.getMessage());

        Path shortKey = keyFile("short.key", "too-short\n", "rw-------");
        CaptureKeyException tooShort = assertThrows(CaptureKeyException.class,
                () -> FileCaptureKeys.open(shortKey, listener));
        assertEquals(CaptureKeyFailure.Reason.NOT_A_KEY, tooShort.reason());
        assertTrue(tooShort.getMessage().contains("holds 9 bytes"), tooShort.getMessage());
    }

    @Test
    void refreshSeesANewKeyWrittenToTheFile() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE), "rw-------");
        FileCaptureKeys keys = FileCaptureKeys.open(file, listener);
        String first = keys.current().orElseThrow().version();

        Files.writeString(file, Base64.getEncoder().encodeToString(KEY_TWO));
        keys.refresh();

        CaptureKey key = keys.current().orElseThrow();
        assertArrayEquals(KEY_TWO, key.secret());
        assertEquals(CaptureKeyMaterial.fingerprint(KEY_TWO), key.version());
        assertEquals(new RecordingKeyListener.Change(file.toString(), Optional.of(first), key.version()),
                listener.changes().get(1));
        assertEquals(List.of(), listener.failures());
    }

    @Test
    void refreshOfAFileMadeReadableByOthersKeepsTheLastKeyAndReports() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE), "rw-------");
        FileCaptureKeys keys = FileCaptureKeys.open(file, listener);
        String version = keys.current().orElseThrow().version();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        keys.refresh();

        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.FILE_NOT_PRIVATE, failure.reason());
        assertEquals(Optional.of(version), failure.keptVersion());
        assertEquals(file.toString(), failure.source());
    }

    @Test
    void refreshOfADeletedFileKeepsTheLastKeyAndReportsInOneLine() throws IOException {
        Path file = keyFile("capture.key", Base64.getEncoder().encodeToString(KEY_ONE), "rw-------");
        FileCaptureKeys keys = FileCaptureKeys.open(file, listener);
        String version = keys.current().orElseThrow().version();

        Files.delete(file);
        keys.refresh();

        assertArrayEquals(KEY_ONE, keys.current().orElseThrow().secret());
        CaptureKeyFailure failure = listener.onlyFailure();
        assertEquals(CaptureKeyFailure.Reason.NOT_FOUND, failure.reason());
        assertEquals("could not read the capture key from " + file + " (reason=not_found); still using key version "
                + version + ": there is no capture key file at " + file, failure.logLine());
    }

    private Path keyFile(String name, String content, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
