package dev.vigil.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The deployable jars Maven builds; synth refuses to go on without them. */
public record FunctionJars(Path predict, Path evaluate, Path retrainTrigger, Path retrain) {

    /** The jars where the function modules build them under {@code repoRoot}. */
    public static FunctionJars inRepository(Path repoRoot) {
        return new FunctionJars(
                repoRoot.resolve("functions/predict/target/predict.jar"),
                repoRoot.resolve("functions/evaluate/target/evaluate.jar"),
                repoRoot.resolve("functions/retrain-trigger/target/retrain-trigger.jar"),
                repoRoot.resolve("functions/retrain/target/retrain.jar"));
    }

    /**
     * The jars in one directory ({@code -c vigilJarsDir=DIR}), named predict.jar, evaluate.jar, retrain-trigger.jar
     * and retrain.jar.
     */
    public static FunctionJars inDirectory(Path dir) {
        return new FunctionJars(dir.resolve("predict.jar"), dir.resolve("evaluate.jar"),
                dir.resolve("retrain-trigger.jar"), dir.resolve("retrain.jar"));
    }

    /** The four jars: predict, evaluate, retrain-trigger, retrain. */
    public List<Path> all() {
        return List.of(predict, evaluate, retrainTrigger, retrain);
    }

    /**
     * This set, once every jar is known to exist.
     *
     * @throws MissingFunctionJarException naming every missing jar
     */
    public FunctionJars requirePresent() {
        List<Path> missing = all().stream()
                .filter(jar -> !Files.isRegularFile(jar)).map(jar -> jar.toAbsolutePath().normalize()).toList();
        if (!missing.isEmpty()) {
            throw new MissingFunctionJarException(missing);
        }
        return this;
    }

    /** A Lambda jar the stack deploys does not exist. */
    public static final class MissingFunctionJarException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingFunctionJarException(List<Path> missing) {
            super("Missing Lambda jar(s): " + missing.stream().map(Path::toString).reduce((a, b) -> a + ", " + b)
                    .orElseThrow() + ". Run ./vigil build first (or pass -c vigilJarsDir=DIR holding predict.jar,"
                    + " evaluate.jar and retrain-trigger.jar).");
        }
    }
}
