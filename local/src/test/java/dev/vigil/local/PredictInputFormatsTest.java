package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.dataset.ParquetFixture;
import dev.vigil.dataset.ParquetFixture.ColumnType;
import dev.vigil.json.Json;
import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil predict -i}: CSV, JSON Lines and Parquet inputs of the same rows give the same output rows. */
class PredictInputFormatsTest {
    private static final int ROWS = 6_000;

    @TempDir
    Path dir;

    private Path store;
    private TestModel<LinearWeights> model;

    @BeforeEach
    void registerABinaryChampion() throws IOException {
        store = dir.resolve("store");
        model = TestModels.torchClassifier(2, 2, true);
        Path file = Files.write(dir.resolve("fraud.onnx"), model.bytes());
        assertEquals(0, vigil("register", "fraud", "v1", file.toString(), "--task", "binary",
                "--features", "amount,hour", "--labels", "legit,fraud").exitCode());
        assertEquals(0, vigil("promote", "fraud", "v1").exitCode());
    }

    private CliRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Independent of ONNX Runtime: softmax(W x + b) in double from the generated weights. */
    private double fraudProbability(double amount, double hour) {
        float[][] w = model.weights().coefficients();
        float[] b = model.weights().intercepts();
        double z0 = w[0][0] * amount + w[0][1] * hour + b[0];
        double z1 = w[1][0] * amount + w[1][1] * hour + b[1];
        return 1 / (1 + Math.exp(z0 - z1));
    }

    /** One generated input row: null is missing, NaN and infinities are non-finite. */
    private record Row(String id, Double amount, Double hour, String label) {
        String expectedReason() {
            for (Double v : new Double[] {amount, hour}) {
                if (v == null) {
                    return "missing_feature";
                }
                if (!Double.isFinite(v)) {
                    return "non_finite_feature";
                }
            }
            return id.startsWith("-") ? "invalid_id" : null;
        }
    }

    private static List<Row> rows(long seed) {
        Random random = new Random(seed);
        Double[] bad = {null, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r <= ROWS; r++) {
            // a run of rejected rows longer than may wait for the valid rows before them to be scored
            boolean rejectedRun = r > 10 && r <= 5_010;
            Double amount = rejectedRun || random.nextInt(8) == 0 ? bad[random.nextInt(bad.length)]
                    : Double.valueOf(random.nextInt(2_000) / 4.0); // exact in float: every format reads the same
            Double hour = random.nextInt(8) == 0 ? bad[random.nextInt(bad.length)]
                    : Double.valueOf(random.nextInt(24));
            String id = random.nextInt(50) == 0 ? "-bad-" + r : "t-" + r;
            String label = random.nextBoolean() ? "" : "junk-" + r;
            rows.add(new Row(id, amount, hour, label));
        }
        return rows;
    }

    private static String text(Double v) {
        return v == null ? "" : v.isNaN() ? "NaN" : v.isInfinite() ? (v > 0 ? "Infinity" : "-Infinity")
                : v.toString();
    }

    private Path csv(List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder("txn,label,hour,amount\n");
        for (Row r : rows) {
            csv.append(r.id()).append(',').append(r.label()).append(',').append(text(r.hour())).append(',')
                    .append(text(r.amount())).append('\n');
        }
        return Files.writeString(dir.resolve("input.csv"), csv);
    }

    private Path jsonLines(List<Row> rows) throws IOException {
        StringBuilder json = new StringBuilder();
        for (Row r : rows) {
            json.append("{\"txn\": \"").append(r.id()).append("\", \"label\": {\"x\": \"").append(r.label())
                    .append("\"}");
            if (r.amount() != null) {
                json.append(", \"amount\": \"").append(text(r.amount())).append('"');
            }
            json.append(", \"hour\": ").append(r.hour() == null ? "null" : "\"" + text(r.hour()) + "\"")
                    .append("}\n");
        }
        return Files.writeString(dir.resolve("input.jsonl"), json);
    }

    private Path parquet(List<Row> rows) throws IOException {
        int n = rows.size();
        double[] amount = new double[n];
        boolean[] amountNull = new boolean[n];
        double[] hour = new double[n];
        boolean[] hourNull = new boolean[n];
        String[] ids = new String[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            amountNull[i] = r.amount() == null;
            amount[i] = amountNull[i] ? 0 : r.amount();
            hourNull[i] = r.hour() == null;
            hour[i] = hourNull[i] ? 0 : r.hour();
            ids[i] = r.id();
            labels[i] = r.label().isEmpty() ? null : r.label();
        }
        byte[] bytes = new ParquetFixture().rowGroupRows(700)
                .column("txn", ColumnType.STRING, ids)
                .column("label", ColumnType.STRING, labels)
                .column("amount", ColumnType.DOUBLE, amount, amountNull)
                .column("hour", ColumnType.FLOAT, toFloats(hour), hourNull)
                .bytes();
        return Files.write(dir.resolve("input.parquet"), bytes);
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private List<JsonNode> predict(Path input, String... more) throws IOException {
        Path output = dir.resolve(input.getFileName() + ".out.jsonl");
        List<String> args = new ArrayList<>(List.of("predict", "fraud", "-i", input.toString(), "-o",
                output.toString(), "-q"));
        args.addAll(List.of(more));
        CliRun run = vigil(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        return Files.readAllLines(output).stream()
                .map(l -> Json.fromBytes(l.getBytes(StandardCharsets.UTF_8), JsonNode.class)).toList();
    }

    /**
     * The output row without what may differ by format: the detail of a bad value, spelt as its format spells it
     * ('NaN' or NaN), and the generated id of a row whose own id is refused.
     */
    private static String comparable(JsonNode row) {
        ObjectNode copy = row.deepCopy();
        String rejected = copy.path("rejected").asText();
        if (!"missing_feature".equals(rejected)) {
            copy.remove("detail");
        }
        if ("invalid_id".equals(rejected)) {
            copy.remove("id");
        }
        return copy.toString();
    }

    @Test
    void csvJsonLinesAndParquetOfTheSameRowsGiveTheSamePredictionsAndRejections() throws IOException {
        List<Row> rows = rows(16);
        List<JsonNode> fromCsv = predict(csv(rows), "--id-column", "txn");
        List<JsonNode> fromJson = predict(jsonLines(rows), "--id-column", "txn");
        List<JsonNode> fromParquet = predict(parquet(rows), "--id-column", "txn");

        assertEquals(ROWS, fromCsv.size());
        int scored = 0;
        for (int i = 0; i < ROWS; i++) {
            Row row = rows.get(i);
            JsonNode out = fromParquet.get(i);
            assertEquals(i + 1, out.path("record").asLong(), "input order: " + out);
            String reason = row.expectedReason();
            if (reason == null) {
                scored++;
                assertEquals(row.id(), out.path("id").asText());
                assertEquals(fraudProbability(row.amount(), row.hour()),
                        out.path("probabilities").path("fraud").asDouble(), 1e-5, out::toString);
            } else {
                assertEquals(reason, out.path("rejected").asText(), () -> row + " -> " + out);
                assertEquals(!reason.equals("invalid_id"), out.path("id").asText().equals(row.id()),
                        "the caller's id, except where a scored row's breaks the id rules: " + out);
            }
            assertEquals(comparable(fromCsv.get(i)), comparable(out), "csv and parquet, record " + (i + 1));
            assertEquals(comparable(fromJson.get(i)), comparable(out), "json lines and parquet, record " + (i + 1));
        }
        assertTrue(scored > 100 && scored < ROWS - 5_000, "rows of both kinds: " + scored + " scored");
    }

    @Test
    void aParquetInputIsSummarisedAsCsvIsAndGeneratesIdsWithoutAnIdColumn() throws IOException {
        List<Row> rows = rows(3).subList(0, 10);
        Path input = parquet(rows);
        CliRun run = vigil("predict", "fraud", "-i", input.toString());
        assertEquals(0, run.exitCode(), run::toString);
        long valid = rows.stream().filter(r -> r.expectedReason() == null || r.expectedReason().equals("invalid_id"))
                .count();
        assertTrue(run.err().startsWith("fraud@v1 (champion): scored " + valid + " of 10 rows of " + input),
                run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals(10, lines.size(), run::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"t-")), "no id column, so generated ids: " + lines);
    }

    @Test
    void anIdColumnThatIsAFeatureIsRefused() throws IOException {
        Path input = Files.writeString(dir.resolve("input.csv"), "amount,hour\n1,2\n");
        CliRun run = vigil("predict", "fraud", "-i", input.toString(), "--id-column", "hour");
        assertEquals(ExitStatus.USAGE.code(), run.exitCode(), run::toString);
        assertTrue(run.err().contains("--id-column hour is one of fraud@v1's features"), run::toString);
    }
}
