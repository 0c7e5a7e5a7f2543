package dev.vigil.local;

import dev.vigil.json.Json;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Two generated binary classifiers on features f0..f2 with labels c0, c1 (different graphs, so different
 * checksums), written as files a user would pass to {@code vigil register}.
 */
record RegistryFixture(TestModel<?> first, Path firstFile, TestModel<?> second, Path secondFile) {

    static RegistryFixture in(Path dir) throws IOException {
        TestModel<?> first = TestModels.torchClassifier(3, 2, true);
        TestModel<?> second = TestModels.mlp(3, 8, 1, 2, 7L);
        return new RegistryFixture(first, Files.write(dir.resolve("first.onnx"), first.bytes()),
                second, Files.write(dir.resolve("second.onnx"), second.bytes()));
    }

    /** {@code register} arguments giving the whole manifest of the first model as flags. */
    List<String> registerFirstWithFlags(String version) {
        return List.of("register", firstFile.toString(), "--name", "churn", "--version", version, "--task", "binary",
                "--features", "f0,f1,f2", "--labels", "c0,c1", "--output-format", "probabilities",
                "--threshold", "0.6", "--training-data", "s3://data/churn/2026-01", "--provenance", "algo=linear");
    }

    /** A manifest file for the second model, as a training job would write it. */
    Path secondManifest(Path dir, String version) throws IOException {
        Map<String, Object> manifest = Map.of("name", "churn", "version", version, "task", "binary_classification",
                "features", List.of("f0", "f1", "f2"), "labels", List.of("c0", "c1"),
                "output", Map.of("format", "probabilities"), "sha256", second.sha256(),
                "trainingData", "s3://data/churn/2026-02");
        return Files.write(dir.resolve("manifest-" + version + ".json"), Json.toBytes(manifest));
    }
}
