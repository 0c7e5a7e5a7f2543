package dev.vigil.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** cdk-nag's AwsSolutions pack and cfn-lint, on every test configuration's synthesized template. */
class VigilComplianceTest {

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG, SynthesizedVigil.SHIPPED_CONFIG,
        "sagemaker-trainer.json", "parquet-capture.json"})
    void synthesisReportsNoUnsuppressedCdkNagFindingsOrOtherWarnings(String configName) {
        assertEquals(List.of(), SynthesizedVigil.of(configName).messages,
                "errors, warnings and infos of the synthesis (cdk-nag included)");
    }

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG, SynthesizedVigil.SHIPPED_CONFIG,
        "sagemaker-trainer.json", "parquet-capture.json"})
    void everyCdkNagSuppressionCarriesAReason(String configName) {
        JsonNode template = SynthesizedVigil.of(configName).json;
        List<String> suppressions = new ArrayList<>();
        template.path("Resources").properties().forEach(resource -> resource.getValue()
                .path("Metadata").path("cdk_nag").path("rules_to_suppress").forEach(rule -> {
                    String id = rule.path("id").asText();
                    String reason = rule.path("reason").asText();
                    assertTrue(id.startsWith("AwsSolutions-"), id);
                    assertTrue(reason.length() >= 60, "suppression " + id + " on " + resource.getKey()
                            + " needs a real reason: '" + reason + "'");
                    suppressions.add(id);
                }));
        assertFalse(suppressions.isEmpty(), "suppressions are where the template says they are");
        assertTrue(List.of("AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-SQS3",
                "AwsSolutions-SMG4")
                        .containsAll(suppressions.stream().distinct().toList()),
                "only the reviewed rules are ever suppressed: " + suppressions.stream().distinct().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {SynthesizedVigil.MAIN_CONFIG, SynthesizedVigil.JWT_CONFIG, SynthesizedVigil.SHIPPED_CONFIG,
        "sagemaker-trainer.json", "parquet-capture.json"})
    void cfnLintFindsNothingInTheSynthesizedTemplate(String configName) throws Exception {
        Path template = SynthesizedVigil.of(configName).templateFile;
        Process lint;
        try {
            Path settings = SynthesizedVigil.repoRoot().resolve("infra/cdk/.cfnlintrc.yaml");
            lint = new ProcessBuilder("cfn-lint", "--config-file", settings.toString(), "--format", "parseable",
                    template.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cfn-lint is not installed or not on PATH (pip install cfn-lint==1.51.0): " + e.getMessage());
            return;
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "cfn-lint did not finish within 5 minutes");
        assertEquals(0, lint.exitValue(), "cfn-lint " + template + ":\n" + output);
    }
}
