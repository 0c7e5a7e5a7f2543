package dev.vigil.retrain.workflow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The ONNX model inside the {@code model.tar.gz} a SageMaker training job writes (the job's {@code /opt/ml/model}
 * directory, tarred and gzipped): the one entry named {@code model.onnx}, at the top or under {@code ./}. Reads the
 * ustar headers only as far as names, sizes and the regular-file type; anything else is refused in words.
 */
final class ModelArchive {
    static final String ENTRY = "model.onnx";
    private static final int BLOCK = 512;
    private static final long MAX_MODEL_BYTES = 2L << 30;

    private ModelArchive() {}

    static byte[] onnx(byte[] tarGz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
            byte[] header = new byte[BLOCK];
            while (readFully(in, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                boolean file = type == '0' || type == 0;
                if (file && (path.equals(ENTRY) || path.equals("./" + ENTRY))) {
                    if (size > MAX_MODEL_BYTES) {
                        throw new WorkflowInputException("the training job's " + ENTRY + " is larger than 2 GiB");
                    }
                    byte[] model = new byte[(int) size];
                    if (!readFully(in, model)) {
                        throw new WorkflowInputException("the training job's model.tar.gz ends inside " + ENTRY);
                    }
                    return model;
                }
                long skip = (size + BLOCK - 1) / BLOCK * BLOCK;
                in.skipNBytes(skip);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof WorkflowInputException w) {
                throw w;
            }
            throw new WorkflowInputException("the training job's model.tar.gz is not a gzipped tar archive", e);
        }
        throw new WorkflowInputException("the training job's model.tar.gz holds no " + ENTRY
                + ": the training image must write the candidate to /opt/ml/model/" + ENTRY);
    }

    private static boolean readFully(InputStream in, byte[] into) throws IOException {
        int n = in.readNBytes(into, 0, into.length);
        return n == into.length;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int from, int length) {
        String digits = text(header, from, length).trim();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new WorkflowInputException("the training job's model.tar.gz has a malformed entry size");
        }
        return Long.parseLong(digits, 8);
    }
}
