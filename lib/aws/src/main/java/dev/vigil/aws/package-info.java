/**
 * The AWS SDK side of Vigil's plain-Java interfaces: S3 as a {@link dev.vigil.storage.BlobStore}.
 *
 * <p>Start from {@link dev.vigil.aws.AwsClients}, which builds each SDK client once per JVM the same way (HTTP
 * client, region, credentials, endpoint override for emulators), and {@link dev.vigil.aws.S3BlobStore}, one bucket
 * as a store; how S3's conditional writes ({@code If-None-Match}, {@code If-Match}) map onto the store's
 * compare-and-set, and which S3 answers become {@link dev.vigil.storage.PreconditionFailedException}, is stated and
 * done there.
 */
package dev.vigil.aws;
