package dev.vigil.infra;

import static dev.vigil.infra.TemplateQueries.actions;
import static dev.vigil.infra.TemplateQueries.flatten;
import static dev.vigil.infra.TemplateQueries.referencedIds;
import static dev.vigil.infra.TemplateQueries.resourcesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.capture.CaptureColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code capture.format: parquet}: the delivery stream converts each line with a Glue table built from
 * {@link CaptureColumns}, writes snappy Parquet under the same partitions, and its role may read only that table's
 * definition (cdk-nag and cfn-lint: {@code VigilComplianceTest}). The emulator runs no format conversion, so the
 * template is where this is pinned; the JSON-lines default is {@link TrafficCaptureStackTest}'s.
 */
class ParquetCaptureStackTest {
    private static final String CONFIG = "parquet-capture.json";
    private static TemplateQueries q;
    private static SynthesizedVigil synth;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedVigil.of(CONFIG);
        q = new TemplateQueries(synth.json);
    }

    @Test
    void theStreamConvertsJsonWithTheOpenXSerDeToSnappyParquetByTheCaptureTable() {
        JsonNode destination = CaptureSamples.destination(q);
        JsonNode conversion = destination.path("DataFormatConversionConfiguration");
        assertTrue(conversion.path("Enabled").asBoolean());
        assertTrue(conversion.path("InputFormatConfiguration").path("Deserializer").has("OpenXJsonSerDe"),
                conversion.toString());
        assertEquals("SNAPPY", conversion.path("OutputFormatConfiguration").path("Serializer")
                .path("ParquetSerDe").path("Compression").asText());
        JsonNode schema = conversion.path("SchemaConfiguration");
        String table = q.logicalId("AWS::Glue::Table", "TrafficCaptureCaptureTable");
        JsonNode tableProps = q.resources("AWS::Glue::Table").get(table).path("Properties");
        assertEquals(flatten(tableProps.path("DatabaseName")), flatten(schema.path("DatabaseName")));
        assertEquals(tableProps.path("TableInput").path("Name").asText(), schema.path("TableName").asText());
        assertEquals("LATEST", schema.path("VersionId").asText());
        assertEquals(List.of(q.logicalId("AWS::IAM::Role", "TrafficCaptureDeliveryRole")),
                referencedIds(schema.path("RoleARN")));
        assertEquals(".parquet", destination.path("FileExtension").asText());
        assertEquals("UNCOMPRESSED", destination.path("CompressionFormat").asText(),
                "Firehose refuses S3 compression with format conversion; the pages are snappy");
        assertTrue(destination.path("DynamicPartitioningConfiguration").path("Enabled").asBoolean());
        assertEquals("capture/!{partitionKeyFromQuery:model}/dt=!{partitionKeyFromQuery:dt}"
                + "/hour=!{partitionKeyFromQuery:hour}/b=!{partitionKeyFromQuery:bucket}/",
                destination.path("Prefix").asText());
        assertEquals(List.of(q.logicalId("AWS::KMS::Key", "TrafficCaptureCaptureKey")),
                referencedIds(destination.path("EncryptionConfiguration").path("KMSEncryptionConfig")
                        .path("AWSKMSKeyARN")));
        assertTrue(destination.path("BufferingHints").path("SizeInMBs").asInt() >= 64,
                "format conversion and dynamic partitioning both need at least 64 MiB");
    }

    @Test
    void theGlueTableHasOneColumnPerCaptureFieldWithItsHiveTypeAndIsParquet() {
        JsonNode input = q.one("AWS::Glue::Table", "TrafficCaptureCaptureTable").getValue().path("Properties")
                .path("TableInput");
        Map<String, String> columns = new LinkedHashMap<>();
        input.path("StorageDescriptor").path("Columns")
                .forEach(c -> columns.put(c.path("Name").asText(), c.path("Type").asText()));
        // Written out here, independently of CaptureColumns, from the capture line's fields (CaptureRecordWriter).
        Map<String, String> expected = new LinkedHashMap<>();
        for (String name : List.of("schema", "model", "bucket", "served_at", "id", "request_id", "version")) {
            expected.put(name, "string");
        }
        expected.put("output", "struct<label:string,probabilities:map<string,float>,value:float>");
        expected.put("features", "map<string,string>");
        expected.put("privacy", "struct<dropped:array<string>,pseudonymised:array<string>>");
        assertEquals(expected, columns);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(columns.keySet()), "the writer's order");
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", input.path("StorageDescriptor")
                .path("SerdeInfo").path("SerializationLibrary").asText());
        assertTrue(input.path("PartitionKeys").isMissingNode() || input.path("PartitionKeys").isEmpty());
    }

    @Test
    void theDeliveryRoleMayReadOnlyTheCaptureTableItsDatabaseAndTheCatalog() {
        Map<String, Set<String>> glue = new LinkedHashMap<>();
        for (JsonNode statement : q.statementsOfRole("TrafficCaptureDeliveryRole")) {
            if (actions(statement).stream().anyMatch(a -> a.startsWith("glue:"))) {
                for (JsonNode resource : resourcesOf(statement)) {
                    glue.computeIfAbsent(flatten(resource), r -> new TreeSet<>()).addAll(actions(statement));
                }
            }
        }
        Set<String> read = Set.of("glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions");
        String prefix = "arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:";
        String database = TrafficCapture.glueDatabaseName(synth.stack.getStackName());
        assertEquals(Map.of(prefix + "catalog", read, prefix + "database/" + database, read,
                prefix + "table/" + database + "/capture", read), glue);
        for (JsonNode statement : q.allStatements()) {
            for (String action : actions(statement)) {
                assertTrue(!action.startsWith("glue:") || read.contains(action), "no other Glue action: " + action);
            }
        }
    }
}
