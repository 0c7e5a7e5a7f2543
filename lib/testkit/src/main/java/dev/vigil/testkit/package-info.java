/**
 * Test support every module shares: a real AWS emulator for tests that touch AWS, and the repository's sample
 * events with their expected responses.
 *
 * <p>Start from {@link dev.vigil.testkit.AwsEmulator}, the JUnit extension that resolves an
 * {@link dev.vigil.testkit.Emulator} parameter; the order in which an emulator is found ({@code AWS_ENDPOINT_URL},
 * LocalStack through Testcontainers, a {@code moto_server} subprocess) is stated there, and tests isolate themselves
 * with {@link dev.vigil.testkit.Emulator#uniqueName}. {@link dev.vigil.testkit.SampleEvent} reads
 * {@code events/<function>/*.json} and the response expected beside each; the rules by which an answer is compared
 * with it are on {@link dev.vigil.testkit.ExpectedResponse}. ONNX test models are in
 * {@link dev.vigil.testkit.onnx}. {@link dev.vigil.testkit.StdoutCapture} reads back the JSON lines (logs and EMF
 * metrics) a function prints.
 */
package dev.vigil.testkit;
