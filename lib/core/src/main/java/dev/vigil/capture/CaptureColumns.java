package dev.vigil.capture;

import java.util.List;

/**
 * The {@value CaptureRecord#SCHEMA} record as table columns: the one definition the AWS Glue table of the delivery
 * stream's Parquet conversion is built from and {@link CaptureParquetReader} reads by. Every top-level field of a
 * capture line is a column of the same name, in the writer's order; nested objects are Hive {@code struct}s and
 * {@code map}s that mirror them, as Firehose's conversion requires for nested JSON:
 * {@code output} is {@code struct<label:string,probabilities:map<string,float>,value:float>}, {@code features} is
 * {@code map<string,string>} (a feature is a number or, pseudonymised, a string: the OpenX JSON SerDe reads either
 * into a string value, and the reader parses the number back), {@code privacy} is
 * {@code struct<dropped:array<string>,pseudonymised:array<string>>}. {@code bucket} and {@code served_at} stay the
 * strings capture writes, so a Parquet record reads back to the same {@link CaptureRecord} as its line.
 *
 * <p>A map, not a column per class or feature, because one table serves every model of a deployment and a model's
 * classes and features change with its versions; drift and shadow evaluation read the features map, the join never
 * does.
 */
public final class CaptureColumns {
    public static final String SCHEMA = "schema";
    public static final String MODEL = "model";
    public static final String BUCKET = "bucket";
    public static final String SERVED_AT = "served_at";
    public static final String ID = "id";
    public static final String REQUEST_ID = "request_id";
    public static final String VERSION = "version";
    public static final String OUTPUT = "output";
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String VALUE = "value";
    public static final String FEATURES = "features";
    public static final String PRIVACY = "privacy";
    public static final String DROPPED = "dropped";
    public static final String PSEUDONYMISED = "pseudonymised";

    /** One column: its name and its Hive type as the Glue table declares it. */
    public record Column(String name, String type) {}

    /** The table's columns, in the order capture writes the fields. */
    public static final List<Column> COLUMNS = List.of(
            new Column(SCHEMA, "string"),
            new Column(MODEL, "string"),
            new Column(BUCKET, "string"),
            new Column(SERVED_AT, "string"),
            new Column(ID, "string"),
            new Column(REQUEST_ID, "string"),
            new Column(VERSION, "string"),
            new Column(OUTPUT, "struct<" + LABEL + ":string," + PROBABILITIES + ":map<string,float>," + VALUE
                    + ":float>"),
            new Column(FEATURES, "map<string,string>"),
            new Column(PRIVACY, "struct<" + DROPPED + ":array<string>," + PSEUDONYMISED + ":array<string>>"));

    private CaptureColumns() {}
}
