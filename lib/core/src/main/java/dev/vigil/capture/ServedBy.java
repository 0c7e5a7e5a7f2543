package dev.vigil.capture;

import java.time.Instant;
import java.util.List;

/**
 * What the predictions of one served request share: the model and version that answered, the version's features in
 * input order, the request id, and when it was served.
 */
public record ServedBy(String model, String version, List<String> features, String requestId, Instant servedAt) {}
