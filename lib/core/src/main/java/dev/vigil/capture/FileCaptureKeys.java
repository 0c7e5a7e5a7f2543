package dev.vigil.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The capture key in a local file ({@code --capture-key-file}), read as {@link CaptureKeyMaterial} says; its version
 * is the key's {@link CaptureKeyMaterial#fingerprint fingerprint}, so a new key shows in the data. On a POSIX file
 * system the file must be private to its owner (no read or write for group or others, as {@code chmod 600} leaves
 * it), since the key is what keeps pseudonymised values from being reversed by guessing.
 */
public final class FileCaptureKeys extends AbstractCaptureKeySource {
    /** A key file larger than this is not a key file. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    private static final Set<PosixFilePermission> NOT_PRIVATE = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path file;

    private FileCaptureKeys(Path file, CaptureKeyListener listener) {
        super(file.toString(), listener);
        this.file = file;
    }

    /**
     * Reads the key in {@code file} now; later {@link #refresh()}es re-read it.
     *
     * @throws CaptureKeyException when the file is missing, not private, or holds no usable key
     */
    public static FileCaptureKeys open(Path file, CaptureKeyListener listener) {
        FileCaptureKeys keys = new FileCaptureKeys(file.toAbsolutePath(), listener);
        keys.readAndKeep();
        return keys;
    }

    @Override
    protected CaptureKey read() {
        String what = "the capture key file " + file;
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_A_KEY, what + " is not a regular file");
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
                if (permissions.stream().anyMatch(NOT_PRIVATE::contains)) {
                    throw new CaptureKeyException(CaptureKeyFailure.Reason.FILE_NOT_PRIVATE, what
                            + " can be read or written by others than its owner ("
                            + PosixFilePermissions.toString(permissions) + "); make it private with chmod 600 " + file);
                }
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_A_KEY,
                        what + " is larger than " + MAX_FILE_BYTES + " bytes, so it is not a key file");
            }
            byte[] secret = CaptureKeyMaterial.fromBytes(bytes, what);
            return new CaptureKey(CaptureKeyMaterial.fingerprint(secret), secret);
        } catch (NoSuchFileException e) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.NOT_FOUND, "there is no capture key file at " + file,
                    e);
        } catch (AccessDeniedException e) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.ACCESS_DENIED,
                    "this user may not read the capture key file " + file, e);
        } catch (IOException e) {
            throw new CaptureKeyException(CaptureKeyFailure.Reason.UNAVAILABLE,
                    "could not read the capture key file " + file + ": " + e.getMessage(), e);
        }
    }
}
