package dev.vigil.traffic;

import dev.vigil.capture.IdHash;
import java.util.Objects;

/**
 * One captured prediction as the traffic join reads it: who (id and its hash), which version served it, when, and
 * what it answered.
 *
 * @param id the prediction id as answered
 * @param hash {@code IdHash.of(id)}, computed once by whoever read the record
 * @param version the model version that served it
 * @param servedAt when it was served, epoch milliseconds
 * @param output what the version answered
 */
public record ServedPrediction(String id, IdHash hash, String version, long servedAt, ServedOutput output) {
    public ServedPrediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(output, "output");
    }

    /** A prediction whose id hash is computed here. */
    public static ServedPrediction of(String id, String version, long servedAt, ServedOutput output) {
        return new ServedPrediction(id, IdHash.of(id), version, servedAt, output);
    }
}
