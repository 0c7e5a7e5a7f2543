package dev.vigil.predict.pretraffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The target version is read from the AppSpec CloudFormation hands CodeDeploy, and only from a clear one. */
class AppSpecTest {
    static String appSpec(String name, String target) {
        return "{\"version\":0.0,\"Resources\":[" + resource(name, target) + "]}";
    }

    private static String resource(String name, String target) {
        return "{\"VigilPredict\":{\"Type\":\"AWS::Lambda::Function\",\"Properties\":{\"Name\":\"" + name
                + "\",\"Alias\":\"live\",\"CurrentVersion\":\"6\",\"TargetVersion\":\"" + target + "\"}}}";
    }

    @Test
    void theTargetIsTheFunctionAndItsTargetVersion() {
        assertEquals(new PredictVersion("Vigil-FunctionsPredict-abc", "7"),
                AppSpec.target(appSpec("Vigil-FunctionsPredict-abc", "7")));
        assertEquals("Vigil-FunctionsPredict-abc:7", AppSpec.target(appSpec("Vigil-FunctionsPredict-abc", "7"))
                .qualified());
    }

    @Test
    void aTargetThatIsNotAPublishedVersionIsRefused() {
        IllegalArgumentException latest = assertThrows(IllegalArgumentException.class,
                () -> AppSpec.target(appSpec("f", "$LATEST")));
        assertEquals("the target version of f is '$LATEST', not a published version number", latest.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AppSpec.target(appSpec("f", "live")));
    }

    @Test
    void anAppSpecThatIsNotJsonOrNamesNoSingleFunctionIsRefused() {
        assertEquals("the deployment's AppSpec is not JSON", assertThrows(IllegalArgumentException.class,
                () -> AppSpec.target("version: 0.0\nResources: []\n")).getMessage());
        assertEquals("the deployment's AppSpec names no AWS::Lambda::Function", assertThrows(
                IllegalArgumentException.class, () -> AppSpec.target("{\"Resources\":[]}")).getMessage());
        String two = "{\"Resources\":[" + resource("a", "1") + "," + resource("b", "2") + "]}";
        assertEquals("the deployment's AppSpec shifts more than one function", assertThrows(
                IllegalArgumentException.class, () -> AppSpec.target(two)).getMessage());
    }
}
