package dev.vigil.retrain.trigger;

import dev.vigil.json.Json;
import dev.vigil.settings.VigilSettings;
import dev.vigil.retrain.RetrainDecision;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lists a model's retrain decisions from the audit table, newest first:
 * {@code java -cp retrain-trigger.jar dev.vigil.retrain.trigger.AuditCli --model churn [--limit 20] [--table T]
 * [--json]}.
 * The table defaults to {@code VIGIL_AUDIT_TABLE}; credentials, region and endpoint come from the AWS defaults.
 */
public final class AuditCli {
    static final String USAGE = """
            usage: AuditCli --model <name> [--limit N] [--table <audit table>] [--json]
              Lists the retrain decisions recorded for a model, newest first (default limit 20).
              --table defaults to $VIGIL_AUDIT_TABLE; AWS credentials, region and endpoint come from the
              usual SDK defaults (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, ...).""";

    private AuditCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(VigilSettings.AUDIT_TABLE.name()), System.out, System.err));
    }

    /** Runs the command; returns the process exit code (0 listed, 1 AWS error, 2 usage error). */
    static int run(String[] args, String defaultTable, PrintStream out, PrintStream err) {
        String model = null;
        String table = defaultTable;
        int limit = 20;
        boolean json = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model" -> model = args[++i];
                    case "--table" -> table = args[++i];
                    case "--limit" -> limit = Integer.parseInt(args[++i]);
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            String problem = e instanceof ArrayIndexOutOfBoundsException ? "missing value" : e.getMessage();
            err.println("AuditCli: " + problem);
            err.println(USAGE);
            return 2;
        }
        if (model == null || table == null || table.isBlank() || limit < 1) {
            err.println("AuditCli: --model, a table (--table or VIGIL_AUDIT_TABLE) and a positive --limit"
                    + " are required");
            err.println(USAGE);
            return 2;
        }
        try (DynamoDbClient dynamo =
                DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            List<RetrainDecision> decisions = new DynamoDbDecisionLog(dynamo, table).list(model, limit);
            if (json) {
                byte[] audit = Json.toBytes(Map.of("model", model, "decisions", decisions));
                out.println(new String(audit, StandardCharsets.UTF_8));
            } else {
                print(decisions, out);
            }
            return 0;
        } catch (SdkException e) {
            err.println("AuditCli: could not read " + table + ": " + e.getMessage());
            return 1;
        }
    }

    private static void print(List<RetrainDecision> decisions, PrintStream out) {
        out.printf("%-24s  %-12s  %-13s  %-28s  %s%n", "AT", "DECISION", "BACKEND", "ALARM", "EXECUTION / REASON");
        for (RetrainDecision d : decisions) {
            out.printf("%-24s  %-12s  %-13s  %-28s  %s%n", d.at(), d.kind(), d.backend(), d.alarmName(),
                    (d.rollback() == null ? "" : d.rollback().fromVersion() + " -> " + d.rollback().toVersion()
                            + " (promoted " + d.rollback().promotedAt() + ")  ")
                            + (d.executionId() == null ? "" : d.executionId() + "  ") + d.reason());
        }
        if (decisions.isEmpty()) {
            out.println("(no decisions recorded)");
        }
    }
}
