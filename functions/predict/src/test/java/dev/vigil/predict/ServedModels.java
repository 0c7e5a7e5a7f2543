package dev.vigil.predict;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.json.Json;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

/**
 * The real predict handler over a registry in the emulator, answering raw events as a deployed version does
 * (the Lambda runtime's serialisation both ways). It serves {@code churn} v1 (the sample events' model: four features,
 * labels {@code [stay, churn]}) and {@code price} v3 (a regression over six features).
 */
public final class ServedModels {
    /** The regression model, a model the sample events do not name. */
    public static final String PRICE = "price";

    private final PredictHandler handler;

    private ServedModels(PredictHandler handler) {
        this.handler = handler;
    }

    /** Both models registered and promoted in a fresh bucket of {@code emulator}. */
    public static ServedModels in(Emulator emulator) {
        String bucket = emulator.createBucket("models");
        S3BlobStore store = new S3BlobStore(emulator.s3(), bucket);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        TestModel<LinearWeights> churn = TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS, true);
        registry.register(PredictHandlerTest.churnDraft(churn, "v1", 0.5), churn.bytes());
        registry.promote("churn", "v1", "the sample events' model");
        TestModel<LinearWeights> price = TestModels.sklearnLinearRegressor(6);
        registry.register(price.draft(PRICE, "v3"), price.bytes());
        registry.promote(PRICE, "v3", "a model the sample events do not name");
        PredictConfig config = new PredictConfig(bucket, "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of("churn", PRICE), SessionSettings.DEFAULT);
        return new ServedModels(new PredictHandler(PredictServiceFactory.create(store, config)));
    }

    /** The handler's answer to a raw event, as the bytes Lambda's Invoke returns. */
    public byte[] answer(byte[] event) {
        APIGatewayV2HTTPEvent request = LambdaEventSerializers
                .serializerFor(APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPEvent.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(event));
        APIGatewayV2HTTPResponse response = handler.handleRequest(request, InvocationContext.of("vigil-predict"));
        return Json.toBytes(SampleEvent.runtimeJson(response));
    }
}
