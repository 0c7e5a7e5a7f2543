package dev.vigil.local;

import dev.vigil.onnx.OnnxModelVerifier;
import dev.vigil.registry.ModelRegistry;
import dev.vigil.registry.ModelVerifier;
import dev.vigil.registry.RegistryException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code vigil} command: model registry operations, and the suite's functions run on this machine (invoke, serve,
 * evaluate, demo), over a local directory or S3. Errors are one line on stderr and an {@link ExitStatus}; the
 * subcommands are thin adapters over {@link ModelRegistry} and the local runner ({@code dev.vigil.local.loop}).
 */
@Command(name = "vigil",
        description = {"Vigil's command line: the model registry, and the whole suite (predict, evaluate, alarms,"
                + " retrain) on this machine, over a local directory or S3.",
                "Start with: ./vigil demo"},
        mixinStandardHelpOptions = true,
        versionProvider = VigilCli.Version.class,
        subcommands = {DemoCommand.class, ServeCommand.class, EvaluateCommand.class, HistoryCommand.class,
                InvokeCommand.class, RegisterCommand.class, PromoteCommand.class, RollbackCommand.class,
                ArchiveCommand.class, BaselineCommand.class, PredictCommand.class, ModelsCommand.class,
                ChampionCommand.class, LabelsCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused by the registry (unknown model or version, already registered,"
                + " model rejected or unreadable, no champion, archived version, archiving the champion), an"
                + " evaluation failed, a function failed its invocation, or the demo's loop did not close in time",
                "2:usage error (bad option or argument, unreadable input file, a labels file with no valid label, port"
                + " in use)",
                "3:store unavailable (missing directory, bucket or labelled data, no credentials, unreachable"
                + " endpoint, I/O error)",
                "4:internal error",
                "5:evaluate found no labelled rows in its window (EvaluationNoData is in ALARM; widen the window)"})
public final class VigilCli implements Callable<Integer> {
    /** The store when neither {@code --store} nor {@code VIGIL_STORE} is given, relative to the working directory. */
    public static final String DEFAULT_STORE = ".vigil/store";

    /** Set by the {@code vigil} script to the path it was run by, so hints name the same launcher. */
    static final String LAUNCHER_VARIABLE = "VIGIL_LAUNCHER";

    private static final Pattern SHELL_PLAIN = Pattern.compile("[A-Za-z0-9._/:=@,+%-]+");

    private final ModelVerifier verifier;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions storeOptions = new StoreOptions();

    public VigilCli(ModelVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    public static void main(String[] args) {
        LocalEnvironment.configure();
        String log = System.getenv().getOrDefault("VIGIL_FUNCTION_LOG", LocalEnvironment.DEFAULT_FUNCTION_LOG);
        PrintStream console = LocalEnvironment.redirectFunctionOutput(Path.of(log));
        CommandLine cli = commandLine(new OnnxModelVerifier());
        cli.setOut(new PrintWriter(new OutputStreamWriter(console, StandardCharsets.UTF_8), true));
        int status = cli.execute(args);
        System.out.flush();
        System.exit(status);
    }

    /** The configured command line: what {@link #main} runs, and what tests run in-process. */
    public static CommandLine commandLine(ModelVerifier verifier) {
        LocalEnvironment.configure();
        CommandLine cli = new CommandLine(new VigilCli(verifier));
        cli.setParameterExceptionHandler(VigilCli::onUsageError);
        cli.setExecutionExceptionHandler(VigilCli::onFailure);
        return cli;
    }

    /** {@code vigil} without a command is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command: demo, serve, evaluate, history, invoke,"
                + " register, promote, rollback, archive, baseline, predict, models, champion, labels or completion");
    }

    /** Runs {@code action} on the registry in {@code --store}; the store is created only when {@code create}. */
    <T> T withRegistry(boolean create, Function<ModelRegistry, T> action) {
        checkEndpoint();
        try (StoreLocation.OpenStore open = StoreLocation.parse(storeOptions.store).open(create,
                storeOptions.s3())) {
            return action.apply(new ModelRegistry(open.store(), verifier));
        }
    }

    /**
     * A command line the user can paste as is: the launcher they ran ({@code VIGIL_LAUNCHER}, which the
     * {@code vigil} script sets to the path it was started by; else {@code ./vigil}), {@code args}, then the global
     * options in effect ({@code --store} unless the default, {@code --endpoint-url}), each quoted for a POSIX shell.
     */
    String pasteable(String... args) {
        return pasteableIn(storeOptions.store, args);
    }

    /** {@link #pasteable(String...)} for the store named {@code storeName} rather than {@code --store}. */
    String pasteableIn(String storeName, String... args) {
        List<String> words = new ArrayList<>();
        words.add(launcher());
        words.addAll(Arrays.asList(args));
        if (storeName != null && !DEFAULT_STORE.equals(storeName)) {
            words.add("--store");
            words.add(storeName);
        }
        words.addAll(storeOptions.words());
        return words.stream().map(VigilCli::shellQuoted).collect(Collectors.joining(" "));
    }

    /** How this CLI was started, as the user typed it. */
    static String launcher() {
        String launcher = System.getenv(LAUNCHER_VARIABLE);
        return launcher == null || launcher.isBlank() ? "./vigil" : launcher;
    }

    /** {@code word} as a POSIX shell reads it back: unchanged when plain, else single-quoted. */
    static String shellQuoted(String word) {
        return SHELL_PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** What checks a model before it is registered or promoted. */
    ModelVerifier verifier() {
        return verifier;
    }

    /** The store as the user named it, for messages. */
    String storeName() {
        return storeOptions.store;
    }

    /** The refusal for a model that has no registered versions in {@code --store}. */
    RegistryException unknownModel(String name) {
        return new RegistryException(RegistryException.Reason.NOT_FOUND,
                "model " + name + " has no registered versions in " + storeOptions.store);
    }

    /** The S3 endpoint given with {@code --endpoint-url}, or null. */
    URI endpointUrl() {
        checkEndpoint();
        return storeOptions.endpointUrl;
    }

    /**
     * Opens the stores of the whole suite: models in {@code --store} (or {@code storeOverride} when not null), data
     * and reports in theirs (null: the models store). Directories are created only when {@code create}.
     */
    OpenSuite openSuite(String storeOverride, String dataStore, String reportsStore, boolean create) {
        checkEndpoint();
        String models = storeOverride != null ? storeOverride : storeOptions.store;
        return OpenSuite.open(models, dataStore == null ? models : dataStore,
                reportsStore == null ? models : reportsStore, create, storeOptions.s3());
    }

    /** The S3 endpoint the store's client talks to, for messages: as given, from the environment, or AWS's. */
    String endpointDescription() {
        if (storeOptions.endpointUrl != null) {
            return storeOptions.endpointUrl.toString();
        }
        String fromEnvironment = System.getenv("AWS_ENDPOINT_URL");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment + " (from AWS_ENDPOINT_URL)";
        }
        return "of the AWS region (neither --endpoint-url nor AWS_ENDPOINT_URL is set)";
    }

    private void checkEndpoint() {
        URI endpointUrl = storeOptions.endpointUrl;
        if (endpointUrl != null && (endpointUrl.getHost() == null
                || !("http".equals(endpointUrl.getScheme()) || "https".equals(endpointUrl.getScheme())))) {
            throw CommandFailure.usage("--endpoint-url " + endpointUrl + " is not an http(s) URL");
        }
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
        return ExitStatus.USAGE.code();
    }

    private static int onFailure(Exception e, CommandLine cli, ParseResult parsed) {
        CommandLine root = cli;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        CommandFailure failure = CommandFailure.of(e, root.getCommand() instanceof VigilCli vigil
                ? vigil.endpointDescription() : null);
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
        if (System.getenv("VIGIL_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return failure.status().code();
    }

    /** {@code vigil --version}: the version Maven stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = VigilCli.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (version == null ? "(development build)" : version)};
        }
    }
}
