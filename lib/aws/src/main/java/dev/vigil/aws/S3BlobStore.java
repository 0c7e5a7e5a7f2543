package dev.vigil.aws;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.ObjectRanges;
import dev.vigil.storage.PreconditionFailedException;
import dev.vigil.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A {@link BlobStore} on one S3 bucket. Conditional writes use S3's own compare-and-set: {@code If-None-Match: *}
 * for create-only and {@code If-Match: <etag>} for replace-if-unchanged; a lost condition (412, or 409
 * {@code ConditionalRequestConflict} when writes race) becomes {@link PreconditionFailedException}. Entity tags are
 * S3's ETags without the surrounding quotes.
 */
public final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final String bucket;

    /** A store on {@code bucket}; the client is shared and owned by the caller. */
    public S3BlobStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return absentOn404(() -> {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return new StoredObject(key, object.asByteArray(), unquote(object.response().eTag()));
        });
    }

    @Override
    public Optional<InputStream> open(String key) {
        return absentOn404(() -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    /**
     * A ranged GET of the listed version: pinned to its version id when the bucket is versioned, else conditional on
     * its ETag ({@code If-Match}), so a rewritten object fails the read instead of mixing versions.
     */
    @Override
    public byte[] readRange(ObjectInfo object, long offset, int length) {
        ObjectRanges.check(object, offset, length);
        if (length == 0) {
            return new byte[0];
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        // Read straight into an array of the range's size: the SDK's byte collector grows a buffer and copies it
        // out again, which for a Parquet column chunk is two extra passes over every byte.
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> {
            b.bucket(bucket).key(object.key()).range(range);
            if (object.versionId() != null) {
                b.versionId(object.versionId());
            } else {
                b.ifMatch(quote(object.eTag()));
            }
        })) {
            Long sent = in.response().contentLength();
            byte[] bytes = new byte[length];
            int read = sent != null && sent != length ? -1 : in.readNBytes(bytes, 0, length);
            if (read != length) {
                throw new PreconditionFailedException(object.key(), "a read of " + length + " bytes at " + offset
                        + " returned " + (read < 0 ? sent : read) + "; it changed since it was listed");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + length + " bytes at " + offset + " of " + object.key(), e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new PreconditionFailedException(object.key(), "it changed or disappeared since it was listed");
            }
            throw e;
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return absentOn404(() -> {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return new ObjectInfo(key, head.contentLength(), unquote(head.eTag()), head.versionId(),
                    head.lastModified());
        });
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return write(request(key, contentType).build(), key, bytes);
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return write(request(key, contentType).ifNoneMatch("*").build(), key, bytes);
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
        return write(request(key, contentType).ifMatch(quote(expectedETag)).build(), key, bytes);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix == null ? "" : prefix))
                .contents().stream()
                .map(o -> new ObjectInfo(o.key(), o.size(), unquote(o.eTag()), null, o.lastModified()))
                .toList();
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }

    private PutObjectRequest.Builder request(String key, String contentType) {
        return PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
    }

    private String write(PutObjectRequest request, String key, byte[] bytes) {
        try {
            return unquote(s3.putObject(request, RequestBody.fromBytes(bytes)).eTag());
        } catch (S3Exception e) {
            if (isConditional(request) && lostCondition(request, e)) {
                throw new PreconditionFailedException(key, request.ifNoneMatch() != null
                        ? "already exists" : "changed since it was read, or does not exist");
            }
            throw e;
        }
    }

    private static boolean isConditional(PutObjectRequest request) {
        return request.ifMatch() != null || request.ifNoneMatch() != null;
    }

    /**
     * 412 PreconditionFailed, 409 ConditionalRequestConflict, or (for If-Match on a missing key) 404 NoSuchKey; a
     * missing bucket (404 NoSuchBucket) is not a lost condition but a store that cannot be written.
     */
    private static boolean lostCondition(PutObjectRequest request, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        boolean missingKey = e.statusCode() == 404 && request.ifMatch() != null && !"NoSuchBucket".equals(code);
        return e.statusCode() == 412 || missingKey
                || (e.statusCode() == 409 && "ConditionalRequestConflict".equals(code));
    }

    private static <T> Optional<T> absentOn404(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }

    private static String quote(String eTag) {
        Objects.requireNonNull(eTag, "expectedETag");
        return eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
    }
}
