package dev.vigil.predict;

import dev.vigil.capture.CapturePolicy;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.settings.VigilSettings;

/**
 * Predict's capture settings, read with the rest of {@link PredictConfig}: the policy ({@code VIGIL_CAPTURE_POLICY}),
 * the bucket count ({@code VIGIL_CAPTURE_BUCKETS}), the record size cap ({@code VIGIL_CAPTURE_MAX_RECORD_BYTES}) and
 * where the pseudonymisation key is kept ({@code VIGIL_CAPTURE_KEY_SECRET}: a Secrets Manager secret ARN or
 * {@code ssm:<parameter name>}, null when none; the key itself is never in the environment).
 */
public record CaptureConfig(CapturePolicy policy, int buckets, int maxRecordBytes, String keySecret) {
    /** The catalog defaults: every prediction of every model, 8 buckets, 64 KiB records, no key. */
    public static final CaptureConfig DEFAULT = new CaptureConfig(VigilSettings.CAPTURE_POLICY.defaultValue(),
            VigilSettings.CAPTURE_BUCKETS.defaultValue(), CaptureRecordWriter.DEFAULT_MAX_RECORD_BYTES, null);

    /** The same settings under another policy. */
    public CaptureConfig withPolicy(CapturePolicy newPolicy) {
        return new CaptureConfig(newPolicy, buckets, maxRecordBytes, keySecret);
    }
}
