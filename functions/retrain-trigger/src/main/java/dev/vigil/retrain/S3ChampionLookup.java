package dev.vigil.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.ModelRef;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the champion pointer {@code models/<name>/champion.json} (its {@code version} field) from the models
 * bucket. A missing pointer means no champion; an unreadable one is logged and treated the same, because a retrain
 * should not be refused for want of a comparison baseline.
 */
final class S3ChampionLookup implements ChampionLookup {
    private static final Logger LOG = LoggerFactory.getLogger(S3ChampionLookup.class);

    private final S3Client s3;
    private final String bucket;

    S3ChampionLookup(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Optional<String> championVersion(String model) {
        String key = "models/" + model + "/champion.json";
        try {
            JsonNode pointer = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            String version = pointer.path("version").asText(null);
            if (ModelRef.isSafe(version)) {
                return Optional.of(version);
            }
            LOG.warn("champion pointer s3://{}/{} has no valid version field", bucket, key);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException | IOException e) {
            LOG.warn("champion pointer s3://{}/{} unreadable: {}", bucket, key, e.toString());
        }
        return Optional.empty();
    }
}
