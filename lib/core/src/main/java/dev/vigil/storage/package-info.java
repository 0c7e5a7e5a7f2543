/**
 * Keyed byte storage, the one storage interface behind the registry, labelled data and reports: S3 in AWS
 * ({@code dev.vigil.aws.S3BlobStore}), a directory on one machine ({@link dev.vigil.storage.LocalBlobStore}).
 *
 * <p>Start from {@link dev.vigil.storage.BlobStore}. Its contract holds for every implementation: writes are
 * atomic, {@link dev.vigil.storage.BlobStore#putIfAbsent} and {@link dev.vigil.storage.BlobStore#putIfMatch} are
 * compare-and-set on the entity tag a {@link dev.vigil.storage.StoredObject} was read at, and a lost condition is
 * {@link dev.vigil.storage.PreconditionFailedException}. Listing gives {@link dev.vigil.storage.ObjectInfo};
 * {@link dev.vigil.storage.Sha256} computes artifact checksums and the local store's entity tags;
 * {@link dev.vigil.storage.ConcurrentReads} runs independent reads several at once, with the outcome of reading
 * them in turn, and a single store call beside the caller's own, on Vigil's threads rather than the JDK's common
 * pool.
 */
package dev.vigil.storage;
