package dev.vigil.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.local.functions.FunctionError;
import dev.vigil.local.functions.FunctionSettings;
import dev.vigil.local.functions.LocalFunctions;
import dev.vigil.local.loop.ConsoleProgress;
import dev.vigil.training.RetrainSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code vigil invoke}: one event file through one real handler wired to the store; prints its response. */
@Command(name = "invoke", sortOptions = false,
        description = {"Invoke a function's real handler once with an event file (e.g. one under events/), wired to"
                + " the store, and print its response as Lambda returns it.",
                "predict takes an API Gateway HTTP API (payload 2.0) event, read as the Lambda Java runtime reads it;"
                + " evaluate a scheduled or direct-invoke event; retrain-trigger an SNS or EventBridge alarm"
                + " notification or a run completion.",
                "retrain-trigger runs with in-memory idempotency records and locks and the in-process backend: a"
                + " started retrain runs here (progress on stderr) before the command returns.",
                "The event is a file (positional or -e FILE, as sam local invoke takes it) or - for standard input."
                + " A REPORT line on stderr gives the init and invocation durations and the peak memory, as Lambda's"
                + " log does.",
                "A handler that fails its invocation prints Lambda's error payload and exits 1."})
final class InvokeCommand extends VigilCommand {
    private static final Duration RETRAIN_LIMIT = Duration.ofMinutes(10);
    /** The event argument that means standard input. */
    private static final String STDIN = "-";

    /** Where the event is read from: a file name or {@link #STDIN}. */
    private String event;

    /** The functions that can be invoked. */
    enum Function {
        PREDICT, EVALUATE, RETRAIN_TRIGGER;

        /** The function's name as the command line spells it. */
        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Function parse(String name) {
            return switch (name) {
                case "predict" -> PREDICT;
                case "evaluate" -> EVALUATE;
                case "retrain-trigger" -> RETRAIN_TRIGGER;
                default -> throw new TypeConversionException("'" + name
                        + "' is not a function: use predict, evaluate or retrain-trigger");
            };
        }
    }


    @Parameters(index = "0", paramLabel = "FUNCTION", converter = FunctionConverter.class,
            description = "predict, evaluate or retrain-trigger.")
    private Function function;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EVENT.json",
            description = "The event, as the function receives it; - reads it from standard input.")
    private String eventArgument;

    @Option(names = {"-e", "--event"}, paramLabel = "EVENT.json",
            description = "The event file, as sam local invoke -e takes it (instead of the positional EVENT.json);"
                    + " - reads standard input.")
    private String eventOption;

    @Option(names = "--model", converter = SafeName.class, paramLabel = "MODEL",
            description = "evaluate's default model (VIGIL_MODEL_NAME) for scheduled events that name none.")
    private String defaultModel;

    @Option(names = "--data-store", paramLabel = "DIR|s3://BUCKET", description = "Labelled data; default: --store.")
    private String dataStore;

    @Option(names = "--reports-store", paramLabel = "DIR|s3://BUCKET", description = "Reports; default: --store.")
    private String reportsStore;

    @Override
    public Integer call() throws Exception {
        event = eventSource();
        byte[] bytes = event.equals(STDIN) ? readStandardInput() : read(Path.of(event));
        requireJsonObject(event, bytes);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FunctionSettings settings = FunctionSettings.defaults(defaultModel, RetrainSettings.defaults(Map.of()));
        try (OpenSuite open = vigil.openSuite(null, dataStore, reportsStore, false)) {
            ConsoleProgress progress = new ConsoleProgress(err, open.stores().reports());
            long initStart = System.nanoTime();
            try (LocalFunctions functions = new LocalFunctions(open.stores(), settings, Clock.systemUTC(),
                    progress.retrainListener())) {
                long invokeStart = System.nanoTime();
                String response;
                try {
                    response = switch (function) {
                        case PREDICT -> predict(functions, bytes);
                        case EVALUATE -> pretty(functions.evaluate(bytes));
                        case RETRAIN_TRIGGER -> pretty(functions.retrainTrigger(bytes));
                    };
                } catch (FunctionError e) {
                    out.println(pretty(e.payload()));
                    out.flush();
                    err.println(InvocationReport.measured(function.id(), invokeStart - initStart,
                            System.nanoTime() - invokeStart).line());
                    err.println("vigil invoke: " + e.getMessage());
                    return ExitStatus.REFUSED.code();
                }
                long invoked = System.nanoTime() - invokeStart;
                out.println(response);
                out.flush();
                err.println(InvocationReport.measured(function.id(), invokeStart - initStart, invoked).line());
                if (function == Function.RETRAIN_TRIGGER && !functions.launcher().awaitIdle(RETRAIN_LIMIT)) {
                    err.println("vigil invoke: the retrain is still running after " + RETRAIN_LIMIT + "; stopping");
                }
            }
        }
        return ExitStatus.OK.code();
    }

    /** The event named by -e or the positional argument: exactly one of them. */
    private String eventSource() {
        if (eventArgument != null && eventOption != null) {
            throw CommandFailure.usage("give the event once: either EVENT.json or -e EVENT.json, not both");
        }
        String source = eventOption != null ? eventOption : eventArgument;
        if (source == null) {
            throw CommandFailure.usage("no event: give an event file (e.g. events/predict/predict-keyed.json),"
                    + " -e FILE, or - to read it from standard input");
        }
        return source;
    }

    private static byte[] readStandardInput() {
        try {
            return System.in.readAllBytes();
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read the event from standard input"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private String predict(LocalFunctions functions, byte[] bytes) throws IOException {
        PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                InvokeCommand.class.getClassLoader());
        APIGatewayV2HTTPEvent request;
        try {
            request = in.fromJson(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            // The runtime's serializer names its own (shaded) classes in its messages: say it in Vigil's words.
            request = null;
        }
        if (request == null) {
            throw CommandFailure.usage("the event " + (event.equals(STDIN) ? "on standard input" : "file " + event)
                    + " is not an API Gateway HTTP API (payload 2.0) event");
        }
        APIGatewayV2HTTPResponse response = functions.predict(request);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Json.MAPPER.writeValue(json, Map.of("statusCode", response.getStatusCode(),
                "headers", response.getHeaders() == null ? Map.of() : response.getHeaders(),
                "body", response.getBody() == null ? "" : response.getBody(),
                "isBase64Encoded", response.getIsBase64Encoded()));
        return pretty(json.toByteArray());
    }

    private static String pretty(byte[] json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (IOException notJson) {
            return new String(json, StandardCharsets.UTF_8);
        }
    }

    private static byte[] read(Path file) {
        if (Files.isDirectory(file)) {
            throw CommandFailure.usage("cannot read the event file " + file + ": it is a directory");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CommandFailure.usage("no such event file: " + file);
        } catch (AccessDeniedException e) {
            throw CommandFailure.usage("cannot read the event file " + file + ": permission denied");
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read the event file " + file
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Every function's event is one JSON object, as Lambda hands it over; anything else is the caller's mistake. */
    private static void requireJsonObject(String source, byte[] bytes) {
        String what = source.equals(STDIN) ? "the event on standard input" : "the event file " + source;
        JsonNode root;
        try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
            root = Json.MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw CommandFailure.usage(what + " holds more than one JSON value after line "
                        + parser.currentLocation().getLineNr() + "; an event is one JSON object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw CommandFailure.usage(what + " is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw CommandFailure.usage(what + " is not JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw CommandFailure.usage(what + " is empty; an event is a JSON object");
        }
        if (!root.isObject()) {
            throw CommandFailure.usage(what + " holds a JSON " + kind(root)
                    + "; an event is a JSON object");
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> "value";
        };
    }

    /** picocli converter for the function name, which contains a dash. */
    static final class FunctionConverter implements ITypeConverter<Function> {
        @Override
        public Function convert(String value) {
            return Function.parse(value);
        }
    }
}
