package dev.vigil.local;

import dev.vigil.dataset.DatasetWindow;
import dev.vigil.local.demo.ChurnData;
import dev.vigil.local.demo.DemoRun;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.SuiteStores;
import dev.vigil.local.http.PredictHttpServer;
import dev.vigil.local.loop.ConsoleProgress;
import dev.vigil.local.retrain.TrainingSchema;
import dev.vigil.model.Task;
import dev.vigil.storage.LocalBlobStore;
import dev.vigil.storage.StorageLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil demo}: the whole loop on synthetic data, with one command. */
@Command(name = "demo", sortOptions = false,
        description = {"Run Vigil's whole job on this machine, on synthetic churn data: serve predictions, evaluate on"
                + " a schedule, alarm, retrain, compare, promote, serve the new model.",
                "It writes a few days of labelled data, trains and promotes churn@v1, then writes one new day per"
                + " --interval. After --shift-after days, why customers leave changes: the quality alarms fire, the"
                + " retrain-trigger starts one in-process retrain, the better model is promoted and served, and the"
                + " alarms return to OK. Progress is printed as it happens; reports are HTML files in the store.",
                "The store (default " + DemoCommand.DEMO_STORE + ") is reset at start; a directory that holds"
                + " anything but an earlier demo is refused."})
final class DemoCommand extends VigilCommand {
    /** The demo's store unless --store is given. */
    static final String DEMO_STORE = ".vigil/demo";
    /** Marks a store as the demo's own, so a later demo may reset it. */
    static final String MARKER = "vigil-demo.json";


    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "One new day of data, one scheduled evaluation and one alarm period per interval"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--rows-per-day", defaultValue = "2000", paramLabel = "N",
            description = "Customers per day of data (default: ${DEFAULT-VALUE}).")
    private int rowsPerDay;

    @Option(names = "--history-days", defaultValue = "3", paramLabel = "N",
            description = "Days written before the first model is trained on them (default: ${DEFAULT-VALUE}).")
    private int historyDays;

    @Option(names = "--shift-after", defaultValue = "8", paramLabel = "DAYS",
            description = "Days (history included) before the data shifts (default: ${DEFAULT-VALUE}).")
    private int shiftAfter;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Makes the data repeatable.")
    private long seed;

    @Option(names = "--until-closed", description = "Exit 0 once the loop has closed (alarm, retrain, promotion,"
            + " alarms OK again), or 1 if it has not within --timeout.")
    private boolean untilClosed;

    @Option(names = "--timeout", defaultValue = "3m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --until-closed: how long to wait (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Mixin
    private RunnerOptions runner;

    @Override
    public Integer call() throws Exception {
        runner.validate();
        if (rowsPerDay < 100 || historyDays < 1 || shiftAfter <= historyDays || interval.toMillis() < 200) {
            throw CommandFailure.usage("need --rows-per-day >= 100, --history-days >= 1, --shift-after greater than"
                    + " --history-days and --interval >= 200ms");
        }
        String store = explicitStore() ? vigil.storeName() : DEMO_STORE;
        PredictHttpServer.requireFree(runner.host, runner.port);
        resetDirectory(store);
        ConsoleProgress progress;
        try (OpenSuite open = vigil.openSuite(store, runner.dataStore, runner.reportsStore, true)) {
            SuiteStores stores = open.stores();
            claim(stores, store);
            progress = new ConsoleProgress(spec.commandLine().getOut(), stores.reports());
            progress.line("demo", "Vigil's loop on this machine, in " + store + " (Ctrl-C stops; functions' logs and"
                    + " EMF metrics go to " + LocalEnvironment.DEFAULT_FUNCTION_LOG + ")",
                    String.format("a day of data every %s; the data shifts after day %d; alarms judge the newest day",
                            DurationConverter.format(interval), shiftAfter - 1));
            FunctionSettings settings = runner.functionSettings(null, Map.of(ChurnData.MODEL,
                    new TrainingSchema(ChurnData.FEATURES, ChurnData.LABELS, Task.BINARY_CLASSIFICATION, 0.5)),
                    new DatasetWindow.LastPartitions(1));
            try (StopSignal stop = new StopSignal();
                    DemoRun demo = DemoRun.start(stores, settings, new DemoRun.Settings(seed, rowsPerDay, historyDays,
                            shiftAfter, interval), runner.host, runner.port, runner.threads, progress,
                            Clock.systemUTC())) {
                if (untilClosed) {
                    stop.awaitEither(demo.closed(), timeout);
                    if (!demo.closed().isDone()) {
                        progress.line("demo", "the loop did not close within " + DurationConverter.format(timeout));
                        return ExitStatus.REFUSED.code();
                    }
                    progress.line("demo", "done; the store keeps every model, report and day of data: vigil history"
                            + " churn --store " + store);
                } else if (stop.await(runner.stopAfter)) {
                    progress.line("demo", "stopping; the store keeps every model, report and day of data: vigil"
                            + " history churn --store " + store);
                }
            }
        }
        return ExitStatus.OK.code();
    }

    private boolean explicitStore() {
        var parsed = spec.commandLine().getParseResult();
        var root = spec.commandLine().getParent().getParseResult();
        return parsed.hasMatchedOption("--store") || root.hasMatchedOption("--store");
    }

    /** Empties a directory that holds an earlier demo; refuses one that holds anything else. */
    private static void resetDirectory(String store) {
        if (StoreLocation.parse(store).isS3()) {
            return;
        }
        Path dir = Path.of(store);
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw CommandFailure.usage(store + " is a file; the demo needs a directory");
            }
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            boolean empty = entries.allMatch(p -> p.getFileName().toString().equals(".vigil"));
            if (empty) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(dir.resolve(MARKER))) {
            throw CommandFailure.usage(store + " is not empty and holds no earlier demo (" + MARKER + "); the demo"
                    + " resets its store, so give it an empty or new directory with --store");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the demo store " + store, e);
        }
    }

    /** Marks the store as the demo's; an S3 store must not hold a churn model already. */
    private static void claim(SuiteStores stores, String store) {
        if (!(stores.models() instanceof LocalBlobStore)
                && !stores.models().list(StorageLayout.modelPrefix(ChurnData.MODEL)).isEmpty()) {
            throw CommandFailure.usage(store + " already holds a " + ChurnData.MODEL + " model; the demo needs a bucket"
                    + " without one");
        }
        stores.models().put(MARKER, ("{\"demo\": \"vigil\", \"startedAt\": \"" + Instant.now() + "\"}\n")
                .getBytes(StandardCharsets.UTF_8), "application/json");
    }
}
