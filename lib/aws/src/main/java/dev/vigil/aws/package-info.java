/**
 * The AWS SDK side of Vigil's plain-Java interfaces: S3 as a {@link dev.vigil.storage.BlobStore}, and Secrets
 * Manager and SSM Parameter Store as {@link dev.vigil.capture.CaptureKeySource}s.
 *
 * <p>Start from {@link dev.vigil.aws.AwsClients}, which builds each SDK client once per JVM the same way (HTTP
 * client, region, credentials, endpoint override for emulators), and {@link dev.vigil.aws.S3BlobStore}, one bucket
 * as a store; how S3's conditional writes ({@code If-None-Match}, {@code If-Match}) map onto the store's
 * compare-and-set, and which S3 answers become {@link dev.vigil.storage.PreconditionFailedException}, is stated and
 * done there.
 *
 * <p>The capture key source a function uses comes from {@link dev.vigil.aws.CaptureKeySources#fromReference}, which
 * accepts a secret ARN or {@code ssm:<parameter name>} and refuses anything else; how AWS's answers map to failure
 * reasons is in {@code AwsKeyReadErrors}.
 */
package dev.vigil.aws;
