package dev.vigil.predict.pretraffic;

import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Invokes a version through Lambda's {@code Invoke} API, synchronously ({@code RequestResponse}). */
final class LambdaVersionInvoker implements VersionInvoker {
    private final LambdaClient client;

    LambdaVersionInvoker(LambdaClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Invocation invoke(PredictVersion version, byte[] event) {
        InvokeResponse response = client.invoke(r -> r.functionName(version.qualified())
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArray(event)));
        return new Invocation(response.payload() == null ? new byte[0] : response.payload().asByteArray(),
                response.functionError());
    }
}
