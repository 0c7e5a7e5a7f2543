package dev.vigil.local;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.training.ChurnData;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.retrain.InProcessRetrainLauncher;
import dev.vigil.training.RetrainReport;
import dev.vigil.training.RetrainSettings;
import dev.vigil.training.Retrainer;
import dev.vigil.training.TrainingSchema;
import dev.vigil.model.Task;
import dev.vigil.retrain.RetrainRequest;
import dev.vigil.storage.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/** A directory store with two days of churn data and churn@v1 trained on them and promoted. */
final class ChurnStore {
    static final InProcessRetrainLauncher.Listener QUIET = new InProcessRetrainLauncher.Listener() {
        @Override
        public void started(String executionId, RetrainRequest request) {}

        @Override
        public void finished(String executionId, RetrainRequest request, Retrainer.Result result) {}
    };

    private ChurnStore() {}

    static Path prepare(Path dir) {
        LocalBlobStore store = new LocalBlobStore(dir);
        ChurnData data = new ChurnData(3, 1000, 10, LocalDate.of(2024, 5, 1));
        for (int i = 0; i < 2; i++) {
            ChurnData.Day day = data.next();
            store.put(day.key(), day.csv(), "text/csv");
        }
        FunctionSettings settings = FunctionSettings.defaults(null, RetrainSettings.defaults(Map.of(ChurnData.MODEL,
                new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS, Task.BINARY_CLASSIFICATION, 0.5))));
        try (LocalFunctions functions = new LocalFunctions(SuiteStores.of(store), settings, Clock.systemUTC(), QUIET)) {
            RetrainReport report = functions.trainFirstVersion(ChurnData.MODEL, new DatasetWindow.LastPartitions(2))
                    .report();
            if (report.status() != RetrainReport.Status.PROMOTED) {
                throw new IllegalStateException(report.message());
            }
        }
        return dir;
    }

    /** A file under the repository's events/ directory. */
    static Path event(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("events/predict"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("events/ not found above the working directory");
        }
        return p.resolve("events").resolve(name);
    }
}
