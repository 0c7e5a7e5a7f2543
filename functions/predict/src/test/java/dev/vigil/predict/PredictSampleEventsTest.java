package dev.vigil.predict;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.vigil.aws.S3BlobStore;
import dev.vigil.lambda.InvocationContext;
import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.onnx.SessionSettings;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.testkit.AwsEmulator;
import dev.vigil.testkit.Emulator;
import dev.vigil.testkit.SampleEvent;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event under {@code events/predict/} through the real handler, as the Lambda runtime deserialises it,
 * answered exactly as its {@code .response.json} says. The world the events assume: model {@code churn}, version
 * {@code v1} its champion, a skl2onnx logistic regression over the four churn features with labels
 * {@code [stay, churn]} and threshold 0.5, stored in S3 on the emulator; at most 1000 instances, 1000 labels and
 * 1 MiB per request; labels stored in a data bucket of their own.
 */
@ExtendWith(AwsEmulator.class)
class PredictSampleEventsTest {
    private static final TestModel<LinearWeights> CHURN = TestModels.sklearnLogisticRegression(4,
            PredictHandlerTest.LABELS, true);

    private final PredictHandler handler;

    PredictSampleEventsTest(Emulator emulator) {
        String bucket = emulator.createBucket("models");
        S3BlobStore store = new S3BlobStore(emulator.s3(), bucket);
        ModelRegistry registry = new ModelRegistry(store, new OnnxModelVerifier());
        registry.register(PredictHandlerTest.churnDraft(CHURN, "v1", 0.5), CHURN.bytes());
        registry.promote("churn", "v1", "the sample events' model");
        PredictConfig config = new PredictConfig(bucket, "Vigil", Duration.ofMinutes(1), 1000, 1 << 20,
                List.of("churn"), SessionSettings.DEFAULT);
        String data = emulator.createBucket("data");
        this.handler = new PredictHandler(PredictServiceFactory.create(store, config,
                new S3BlobStore(emulator.s3(), data), new LabelsConfig(data, 1000)));
    }

    static List<SampleEvent> events() {
        return SampleEvent.all("predict");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachSampleEventIsAnsweredAsItsResponseFileSays(SampleEvent sample) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(sample.event(APIGatewayV2HTTPEvent.class),
                InvocationContext.of("vigil-predict"));

        sample.assertResponse(SampleEvent.runtimeJson(response));
    }
}
