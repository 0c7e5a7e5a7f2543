package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The policy applied to served predictions: sampling, drop, pseudonymise, and what happens without a key. */
class PredictionCaptureTest {
    static final List<String> FEATURES = List.of("tenure_months", "postcode", "age");
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final ServedBy SERVED = new ServedBy("churn", "v2", FEATURES, "req-1", Instant.parse(
            "2026-11-30T12:00:00.123Z"));

    final List<CaptureRecord> written = new ArrayList<>();
    final Map<String, Long> drops = new HashMap<>();
    final CaptureSink sink = lines -> {
        for (CaptureLines.Line line : lines.lines()) {
            String text = new String(lines.bytes(), line.offset(), line.length() - 1, StandardCharsets.UTF_8);
            written.add(((CaptureRecordReader.Result.Accepted) CaptureRecordReader.full().parse(text)).record());
        }
    };

    PredictionCapture capture(String policy, CaptureKeySource keys) {
        return PredictionCapture.builder().policy(CapturePolicy.parse(policy)).buckets(8).keys(keys).sink(sink)
                .drops((model, reason, n, detail) -> drops.merge(model + "/" + reason.code(), n, Long::sum)).build();
    }

    static CapturedOutput output(int row) {
        Map<String, Float> p = new LinkedHashMap<>();
        p.put("stay", 0.25f);
        p.put("churn", 0.75f);
        return new CapturedOutput.Classification("churn", p);
    }

    /** HMAC-SHA256 of the documented input, computed here without the pseudonymiser. */
    static String expectedToken(String version, String feature, String valueText) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] name = feature.getBytes(StandardCharsets.UTF_8);
        mac.update("vigil.capture.pseudonym.v1\0".getBytes(StandardCharsets.UTF_8));
        mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
        mac.update(name);
        byte[] digest = mac.doFinal(valueText.getBytes(StandardCharsets.UTF_8));
        byte[] first16 = java.util.Arrays.copyOf(digest, 16);
        return "hmac:" + version + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(first16);
    }

    @Test
    void aRequestOfManyPredictionsWritesTheBytesOfAsManyRequestsOfOne() throws Exception {
        // Several predictions share the encoded model, time, request id and version; one writes them itself.
        ByteArrayOutputStream together = new ByteArrayOutputStream();
        ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
        CaptureSink toTogether = lines -> together.write(lines.bytes(), 0, lines.size());
        CaptureSink toOneByOne = lines -> oneByOne.write(lines.bytes(), 0, lines.size());
        String policy = "{\"churn\": {\"pseudonymise\": [\"postcode\"]}}";
        CaptureKeySource key = CaptureKeySource.fixed(new CaptureKey("k1", SECRET));
        ServedBy servedBy = new ServedBy("churn", "v2\t\u00e9", FEATURES, "req \"7\"", Instant.parse(
                "2026-11-30T23:59:59.987654Z"));
        java.util.Random random = new java.util.Random(7);
        int n = 40;
        String[] ids = new String[n];
        float[] values = new float[n * FEATURES.size()];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 7 == 0 ? "id\"" + i + "\u00fc" : "id-" + random.nextInt(1_000_000);
        }
        for (int v = 0; v < values.length; v++) {
            values[v] = v % 5 == 0 ? random.nextInt(100) : (float) random.nextGaussian() * 1000;
        }
        assertEquals(n, PredictionCapture.builder().policy(CapturePolicy.parse(policy)).buckets(16).keys(key)
                .sink(toTogether).drops((m, r, k, d) -> { }).build().capture(servedBy, ids, values,
                        PredictionCaptureTest::output));
        PredictionCapture single = PredictionCapture.builder().policy(CapturePolicy.parse(policy)).buckets(16)
                .keys(key).sink(toOneByOne).drops((m, r, k, d) -> { }).build();
        for (int i = 0; i < n; i++) {
            float[] row = java.util.Arrays.copyOfRange(values, i * FEATURES.size(), (i + 1) * FEATURES.size());
            assertEquals(1, single.capture(servedBy, new String[] {ids[i]}, row, PredictionCaptureTest::output));
        }
        assertEquals(oneByOne.toString(StandardCharsets.UTF_8), together.toString(StandardCharsets.UTF_8));
        assertEquals(n, together.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void capturesEveryPredictionWholeByDefaultWithItsBucketAndIds() {
        int n = capture("{}", CaptureKeySource.none()).capture(SERVED, new String[] {"a", "b"},
                new float[] {60, 1234, 68, 12, 5678, 41}, PredictionCaptureTest::output);
        assertEquals(2, n);
        assertEquals(List.of("a", "b"), written.stream().map(CaptureRecord::id).toList());
        CaptureRecord second = written.get(1);
        assertEquals(List.of(CapturedFeature.value("tenure_months", 12), CapturedFeature.value("postcode", 5678),
                CapturedFeature.value("age", 41)), second.features());
        assertEquals(IdHash.of("b").bucket(8), second.bucket());
        assertEquals("req-1", second.requestId());
        assertEquals(SERVED.servedAt(), second.servedAt());
        assertEquals(CapturePrivacy.NONE, second.privacy());
        assertTrue(drops.isEmpty(), drops.toString());
    }

    @Test
    void droppedFeaturesAreAbsentAndPseudonymisedOnesAreTheHmacTokens() throws Exception {
        CaptureKey key = new CaptureKey("k7", SECRET);
        capture("{\"churn\": {\"drop\": [\"age\"], \"pseudonymise\": [\"postcode\"]}}", CaptureKeySource.fixed(key))
                .capture(SERVED, new String[] {"a"}, new float[] {60, 1234, 68}, PredictionCaptureTest::output);
        CaptureRecord record = written.getFirst();
        assertEquals(List.of(CapturedFeature.value("tenure_months", 60),
                CapturedFeature.pseudonym("postcode", expectedToken("k7", "postcode", "1234"))), record.features());
        assertEquals(new CapturePrivacy(List.of("age"), List.of("postcode")), record.privacy());
        assertEquals(22, record.features().get(1).token().length() - "hmac:k7:".length());
    }

    @Test
    void theSameValueOfTwoFeaturesGivesUnrelatedTokens() {
        FeaturePseudonymiser p = new FeaturePseudonymiser(new CaptureKey("k1", SECRET));
        assertEquals(p.token("postcode", 1234), p.token("postcode", 1234));
        assertTrue(!p.token("postcode", 1234).equals(p.token("customer", 1234)));
        FeaturePseudonymiser rotated = new FeaturePseudonymiser(new CaptureKey("k2", "another key, 16 bytes+".getBytes(
                StandardCharsets.US_ASCII)));
        assertTrue(rotated.token("postcode", 1234).startsWith("hmac:k2:"));
    }

    @Test
    void aModelThatPseudonymisesWithoutAKeyHasItsRecordsDroppedNeverWrittenRaw() {
        PredictionCapture capture = capture("{\"churn\": {\"pseudonymise\": [\"postcode\"]}}",
                CaptureKeySource.none());
        int n = capture.capture(SERVED, new String[] {"a", "b", "c"}, new float[9], PredictionCaptureTest::output);
        assertEquals(0, n);
        assertEquals(List.of(), written);
        assertEquals(Map.of("churn/key_unavailable", 3L), drops);

        // another model, without pseudonymised features, is still captured
        ServedBy other = new ServedBy("upsell", "v1", FEATURES, "req-2", SERVED.servedAt());
        assertEquals(1, capture.capture(other, new String[] {"d"}, new float[3], PredictionCaptureTest::output));
    }

    @Test
    void onlySampledIdsAreCaptured() {
        String[] ids = new String[400];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "cust-" + i;
        }
        int n = capture("{\"churn\": {\"sample\": 0.5}}", CaptureKeySource.none()).capture(SERVED, ids,
                new float[ids.length * 3], PredictionCaptureTest::output);
        List<String> expected = java.util.Arrays.stream(ids).filter(id -> IdHash.of(id).sampledAt(0.5)).toList();
        assertEquals(expected.size(), n);
        assertEquals(expected, written.stream().map(CaptureRecord::id).toList());
        assertTrue(n > 150 && n < 250, "about half: " + n);
        assertTrue(drops.isEmpty(), "not sampled is not dropped: " + drops);
    }

    @Test
    void aRecordOverTheSizeLimitAndASinkThatFailsAreCountedAndNeverThrown() {
        List<String> wide = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            wide.add("a_rather_long_feature_name_" + i);
        }
        ServedBy wideModel = new ServedBy("wide", "v1", wide, "req", SERVED.servedAt());
        PredictionCapture capture = PredictionCapture.builder().maxRecordBytes(1024).sink(sink)
                .drops((model, reason, n, detail) -> drops.merge(model + "/" + reason.code(), n, Long::sum)).build();
        assertEquals(0, capture.capture(wideModel, new String[] {"a"}, new float[200], PredictionCaptureTest::output));
        assertEquals(Map.of("wide/too_large", 1L), drops);

        drops.clear();
        PredictionCapture failing = PredictionCapture.builder().sink(lines -> {
            throw new java.io.IOException("disk full");
        }).drops((model, reason, n, detail) -> drops.merge(model + "/" + reason.code(), n, Long::sum)).build();
        assertEquals(0, failing.capture(SERVED, new String[] {"a", "b"}, new float[6], PredictionCaptureTest::output));
        assertEquals(Map.of("churn/sink_failed", 2L), drops);
    }
}
