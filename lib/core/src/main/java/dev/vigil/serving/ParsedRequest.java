package dev.vigil.serving;

import dev.vigil.capture.SentTexts;

/**
 * A prediction request as read and validated by {@link InstanceReader}. Instances are row-major: row {@code i}
 * occupies {@code values[i*width .. (i+1)*width)}; the array may be longer than {@code rows * width}, and only that
 * prefix is meaningful.
 *
 * @param ids the caller's id per instance, {@code rows} long, a null entry meaning "generate one"; null when the
 *     request sent no {@code ids}
 * @param requestId the caller's request id, or null to generate one
 * @param texts the values' texts as sent, where capture writes the same (by value index, as {@code values}); null
 *     when the reader kept none
 */
public record ParsedRequest(float[] values, int rows, int width, String[] ids, String requestId, SentTexts texts) {

    /** A request whose values' texts were not kept. */
    public ParsedRequest(float[] values, int rows, int width, String[] ids, String requestId) {
        this(values, rows, width, ids, requestId, null);
    }

    /** Instances without caller ids or request id. */
    public static ParsedRequest of(float[] values, int rows, int width) {
        return new ParsedRequest(values, rows, width, null, null);
    }

    /** One id per instance: the caller's where it sent one, else a new one from {@code generator}. */
    public String[] idsOrGenerated(PredictionIds generator) {
        if (ids == null) {
            return generator.next(rows);
        }
        int missing = 0;
        for (int i = 0; i < rows; i++) {
            missing += ids[i] == null ? 1 : 0;
        }
        String[] generated = generator.next(missing);
        String[] resolved = new String[rows];
        int next = 0;
        for (int i = 0; i < rows; i++) {
            resolved[i] = ids[i] != null ? ids[i] : generated[next++];
        }
        return resolved;
    }

    /** The caller's request id, or a new one from {@code generator}. */
    public String requestIdOrGenerated(PredictionIds generator) {
        return requestId != null ? requestId : generator.next();
    }
}
