package dev.vigil.storage;

import java.time.Instant;

/**
 * Metadata of a stored object.
 *
 * @param versionId the store's version id when versioning is on, else null
 */
public record ObjectInfo(String key, long size, String eTag, String versionId, Instant lastModified) {}
