package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.capture.CapturePrivacy;
import dev.vigil.capture.CaptureRecord;
import dev.vigil.capture.CaptureRecordReader;
import dev.vigil.capture.CaptureRecordWriter;
import dev.vigil.capture.CapturedFeature;
import dev.vigil.capture.CapturedOutput;
import dev.vigil.capture.IdHash;
import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapturedTrafficDriftTest {
    /** Model inputs; region has no baseline, so it is never tracked. */
    private static final List<String> INPUTS = List.of("tenure", "charges", "calls", "region");
    private static final List<String> WITH_BASELINE = List.of("tenure", "charges", "calls");
    private static final String TOKEN = "hmac:k1:AAAAAAAAAAAAAAAAAAAAAA";
    private static final int CAPACITY = 256;

    @Test
    void capturedDriftEqualsTheLabelledAccumulatorFedTheSameRows() {
        ModelManifest manifest = manifest(Task.BINARY_CLASSIFICATION);
        List<CaptureRecord> records = records(manifest, 3000, 0.8, new SplittableRandom(3));
        CapturedTrafficDrift captured = CapturedTrafficDrift.create(manifest, CAPACITY);
        DriftAccumulator labelled = new DriftAccumulator(INPUTS, manifest.baseline(), CAPACITY);
        CaptureRecordReader reader = CaptureRecordReader.full();

        for (CaptureRecord record : records) {
            CaptureRecord read = throughALine(reader, record);
            assertEquals(CapturedTrafficDrift.Outcome.ADDED, captured.add(read));
            var output = (CapturedOutput.Classification) record.output();
            double[] probabilities = {output.probabilities().get("stay"), output.probabilities().get("churn")};
            labelled.add(values(record), PredictionScore.of(Task.BINARY_CLASSIFICATION, probabilities),
                    IdHash.of(record.id()).h1());
        }

        assertEquals(labelled.state(), captured.state());
        DriftReport report = captured.report(DriftThresholds.DEFAULT);
        assertEquals(labelled.state().report(manifest.baseline(), DriftThresholds.DEFAULT), report);
        assertEquals(3000, report.rows());
        assertFalse(report.exactKs(), "the sample overflowed, so the row ids decided what it kept");
        assertTrue(report.rowsOutOfRange() > 0 && report.inputOutOfRangeRate() < 1, report.toString());
        assertTrue(report.features().get(0).drifted(), "tenure was shifted");
        assertTrue(report.prediction() != null && Double.isFinite(report.prediction().psi()));
        assertEquals(List.of(), report.untracked());
    }

    @Test
    void aRegressionModelsValueIsItsPredictionScore() {
        ModelManifest manifest = manifest(Task.REGRESSION);
        List<CaptureRecord> records = records(manifest, 500, 0, new SplittableRandom(4));
        CapturedTrafficDrift captured = CapturedTrafficDrift.create(manifest, CAPACITY);
        DriftAccumulator labelled = new DriftAccumulator(INPUTS, manifest.baseline(), CAPACITY);

        for (CaptureRecord record : records) {
            captured.add(record);
            double value = ((CapturedOutput.Regression) record.output()).value();
            labelled.add(values(record), value, IdHash.of(record.id()).h1());
        }

        assertEquals(labelled.state(), captured.state());
    }

    @Test
    void shardsSplitByIdBucketMergeToTheOnePassStateExactly() {
        ModelManifest manifest = manifest(Task.BINARY_CLASSIFICATION);
        List<CaptureRecord> records = records(manifest, 2000, 0.5, new SplittableRandom(5));
        CapturedTrafficDrift onePass = CapturedTrafficDrift.create(manifest, CAPACITY);
        records.forEach(onePass::add);
        int shards = 4;
        List<CapturedTrafficDrift> parts = new ArrayList<>();
        for (int h = 0; h < shards; h++) {
            parts.add(CapturedTrafficDrift.create(manifest, CAPACITY));
        }
        for (CaptureRecord record : records.reversed()) {
            parts.get(record.bucket() % shards).add(record);
        }

        DriftState merged = parts.get(2).state().merge(parts.get(0).state())
                .merge(parts.get(3).state().merge(parts.get(1).state()));

        assertEquals(onePass.state(), merged);
        assertTrue(merged.anyOutOfRange() > 0);
    }

    @Test
    void droppedAndPseudonymisedFeaturesAreReportedUntrackedAndTheRestIsUnchanged() {
        ModelManifest manifest = manifest(Task.BINARY_CLASSIFICATION);
        List<CaptureRecord> plain = records(manifest, 800, 0.8, new SplittableRandom(6));
        CapturedTrafficDrift withheld = CapturedTrafficDrift.create(manifest, CAPACITY);
        CapturedTrafficDrift full = CapturedTrafficDrift.create(manifest, CAPACITY);
        for (CaptureRecord record : plain) {
            full.add(record);
            assertEquals(CapturedTrafficDrift.Outcome.ADDED, withheld.add(withholding(record)));
        }

        DriftReport report = withheld.report(DriftThresholds.DEFAULT);
        DriftReport reference = full.report(DriftThresholds.DEFAULT);

        assertEquals(List.of(new UntrackedFeature("tenure", UntrackedFeature.Reason.PSEUDONYMISED, 800),
                new UntrackedFeature("charges", UntrackedFeature.Reason.DROPPED, 800)), report.untracked());
        assertEquals(List.of("calls"), report.features().stream().map(FeatureDrift::feature).toList());
        assertEquals(List.of("calls"), report.ranges().stream().map(FeatureRange::feature).toList());
        assertEquals(reference.features().get(2), report.features().get(0), "calls is measured as before");
        assertEquals(reference.range("calls"), report.range("calls"));
        assertEquals(reference.prediction(), report.prediction());
        assertEquals(report.features().get(0).psi(), report.maxFeaturePsi());
        assertTrue(reference.maxFeaturePsi() > report.maxFeaturePsi(), "the shifted tenure no longer counts");
        DriftState state = withheld.state();
        assertEquals(state, Json.fromBytes(Json.toBytes(state), DriftState.class), "NaN in the sample round-trips");
    }

    @Test
    void aFeatureWithheldInSomeRowsIsTrackedOverTheOthers() {
        ModelManifest manifest = manifest(Task.BINARY_CLASSIFICATION);
        List<CaptureRecord> records = records(manifest, 600, 0.8, new SplittableRandom(7));
        CapturedTrafficDrift drift = CapturedTrafficDrift.create(manifest, CAPACITY);
        long dropped = 0;
        for (int i = 0; i < records.size(); i++) {
            CaptureRecord record = records.get(i);
            if (i % 3 == 0) {
                record = without(record, "charges");
                dropped++;
            }
            drift.add(record);
        }

        DriftState state = drift.state();
        DriftReport report = state.report(manifest.baseline(), DriftThresholds.DEFAULT);

        FeatureRange charges = report.range("charges");
        assertEquals(dropped, charges.withheld());
        assertEquals(600 - dropped, charges.values());
        assertEquals(600 - dropped, Arrays.stream(state.binCounts()[1]).sum());
        assertEquals(dropped, state.dropped()[1]);
        assertTrue(Double.isFinite(report.features().get(1).ks()));
        assertEquals(List.of(), report.untracked());
    }

    @Test
    void recordsThatDoNotFitTheVersionAreNotCountedAndSayWhy() {
        ModelManifest manifest = manifest(Task.BINARY_CLASSIFICATION);
        CaptureRecord good = records(manifest, 1, 0, new SplittableRandom(8)).get(0);
        CapturedTrafficDrift drift = CapturedTrafficDrift.create(manifest, CAPACITY);

        assertEquals(CapturedTrafficDrift.Outcome.OTHER_VERSION, drift.add(good.toBuilder().version("v3").build()));
        assertEquals(CapturedTrafficDrift.Outcome.OUTPUT_MISMATCH,
                drift.add(good.toBuilder().output(new CapturedOutput.Regression(1f)).build()));
        assertEquals(CapturedTrafficDrift.Outcome.OUTPUT_MISMATCH, drift.add(good.toBuilder()
                .output(new CapturedOutput.Classification("stay", Map.of("stay", 0.4f, "leave", 0.6f))).build()));
        CaptureRecord silentlyMissing = good.toBuilder().features(good.features().subList(1, 4)).build();
        assertEquals(CapturedTrafficDrift.Outcome.FEATURE_MISSING, drift.add(silentlyMissing));
        assertEquals(CapturedTrafficDrift.Outcome.ADDED,
                drift.add(good.toBuilder().features(good.features().subList(0, 3)).build()),
                "region has no baseline, so its absence does not matter");

        assertEquals(1, drift.rows());
        assertEquals(2, drift.count(CapturedTrafficDrift.Outcome.OUTPUT_MISMATCH));
        assertEquals(1, drift.count(CapturedTrafficDrift.Outcome.FEATURE_MISSING));
        assertEquals(1, drift.state().rows());
    }

    @Test
    void aVersionWithoutABaselineIsRefused() {
        ModelManifest m = manifest(Task.REGRESSION);
        ModelManifest without = new ModelManifest(m.name(), m.version(), m.sha256(), m.task(), m.features(),
                m.labels(), m.output(), m.decisionThreshold(), m.createdAt(), m.trainingData(), null, m.provenance());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CapturedTrafficDrift.create(without));
        assertTrue(e.getMessage().contains("no training baseline"), e.getMessage());
    }

    @Test
    void theRowIdIsTheLowHalfOfTheIdHash() {
        IdHash hash = IdHash.of("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61");
        assertEquals(hash.h1(), CapturedTrafficDrift.rowId("019ad2f4-7c1e-7a3b-9f21-5c0e8d2a4b61"));
    }

    /** Tenure pseudonymised and charges dropped, as the capture policy would write them. */
    private static CaptureRecord withholding(CaptureRecord record) {
        List<CapturedFeature> features = new ArrayList<>();
        for (CapturedFeature f : record.features()) {
            if (f.name().equals("tenure")) {
                features.add(CapturedFeature.pseudonym("tenure", TOKEN));
            } else if (!f.name().equals("charges")) {
                features.add(f);
            }
        }
        return record.toBuilder().features(features)
                .privacy(new CapturePrivacy(List.of("charges"), List.of("tenure"))).build();
    }

    private static CaptureRecord without(CaptureRecord record, String dropped) {
        return record.toBuilder().features(record.features().stream().filter(f -> !f.name().equals(dropped)).toList())
                .privacy(new CapturePrivacy(List.of(dropped), List.of())).build();
    }

    private static CaptureRecord throughALine(CaptureRecordReader reader, CaptureRecord record) {
        String line = new String(CaptureRecordWriter.line(record), StandardCharsets.UTF_8).strip();
        var read = assertInstanceOf(CaptureRecordReader.Result.Accepted.class, reader.parse(line));
        assertEquals(record, read.record());
        return read.record();
    }

    /** The record's feature values as doubles, in model input order (every input present). */
    private static double[] values(CaptureRecord record) {
        double[] values = new double[INPUTS.size()];
        for (CapturedFeature f : record.features()) {
            values[INPUTS.indexOf(f.name())] = f.value();
        }
        return values;
    }

    /**
     * {@code n} served predictions of {@code manifest}'s version; a share {@code shifted} of them have tenure moved
     * up by 40 months (past the training maximum for many) and more support calls.
     */
    private static List<CaptureRecord> records(ModelManifest manifest, int n, double shifted,
            SplittableRandom random) {
        List<CaptureRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean shift = random.nextDouble() < shifted;
            float tenure = random.nextInt(73) + (shift ? 40 : 0);
            float charges = (float) (18.25 + random.nextDouble() * 100);
            float calls = random.nextInt(shift ? 14 : 10);
            float region = random.nextInt(5);
            String id = "cust-" + i + "-" + Long.toHexString(random.nextLong());
            CapturedOutput output;
            if (manifest.task() == Task.REGRESSION) {
                output = new CapturedOutput.Regression(charges * 12 + (float) random.nextGaussian());
            } else {
                float churn = (float) Math.min(1, Math.max(0, random.nextDouble() * (shift ? 1.2 : 0.8)));
                Map<String, Float> probabilities = new LinkedHashMap<>();
                probabilities.put("stay", 1 - churn);
                probabilities.put("churn", churn);
                output = new CapturedOutput.Classification(churn >= 0.5 ? "churn" : "stay", probabilities);
            }
            records.add(CaptureRecord.builder().model(manifest.name()).version(manifest.version())
                    .bucket(IdHash.of(id).bucket(8)).servedAt(Instant.ofEpochMilli(1_780_000_000_000L + i)).id(id)
                    .requestId("r-" + i / 10).output(output)
                    .features(List.of(CapturedFeature.value("tenure", tenure),
                            CapturedFeature.value("charges", charges), CapturedFeature.value("calls", calls),
                            CapturedFeature.value("region", region)))
                    .build());
        }
        return records;
    }

    /** Version v2 of a churn model whose baseline covers tenure, charges and calls (not region). */
    private static ModelManifest manifest(Task task) {
        SplittableRandom random = new SplittableRandom(1);
        double[][] rows = new double[2000][3];
        double[] predictions = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = random.nextInt(73);
            rows[i][1] = (float) (18.25 + random.nextDouble() * 100);
            rows[i][2] = random.nextInt(10);
            predictions[i] = task == Task.REGRESSION ? rows[i][1] * 12 : random.nextDouble() * 0.8;
        }
        Baseline baseline = TrainingDistribution.baseline(WITH_BASELINE, rows, predictions,
                new DistributionOptions(10, 500, 2L));
        List<String> labels = task == Task.REGRESSION ? List.of() : List.of("stay", "churn");
        return new ModelManifest("churn", "v2", "c".repeat(64), task, INPUTS, labels, null, 0.5,
                Instant.parse("2026-11-01T00:00:00Z"), "s3://data/labelled/churn/", baseline, null);
    }
}
