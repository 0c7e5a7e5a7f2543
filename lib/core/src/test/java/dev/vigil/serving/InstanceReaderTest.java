package dev.vigil.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceReaderTest {
    private final InstanceReader reader = new InstanceReader(List.of("age", "income", "tenure"), 3);

    private ParsedRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private ErrorKind failure(String json) {
        return assertThrows(ApiException.class, () -> read(json)).kind();
    }

    @Test
    void readsPositionalInstancesInOrder() {
        ParsedRequest b = read("{\"instances\": [[1, 2.5, -3], [4e0, 5, 6]]}");
        assertEquals(2, b.rows());
        assertEquals(3, b.width());
        assertArrayEquals(new float[] {1, 2.5f, -3, 4, 5, 6}, Arrays.copyOf(b.values(), 6));
    }

    @Test
    void readsKeyedInstancesIntoFeatureOrderWhateverTheKeyOrder() {
        ParsedRequest b = read("{\"instances\": [{\"tenure\": 3, \"age\": 1, \"income\": 2}]}");
        assertArrayEquals(new float[] {1, 2, 3}, Arrays.copyOf(b.values(), 3));
    }

    @Test
    void ignoresOtherTopLevelFields() {
        assertEquals(1, read("{\"signature_name\": {\"a\": [1]}, \"instances\": [[1,2,3]]}").rows());
    }

    @Test
    void rejectsMalformedJson() {
        assertEquals(ErrorKind.MALFORMED_JSON, failure("{\"instances\": [[1,2,3]"));
        assertEquals(ErrorKind.MALFORMED_JSON, failure("not json"));
        assertEquals(ErrorKind.MALFORMED_JSON, failure("[1,2,3]"));
        assertEquals(ErrorKind.MALFORMED_JSON, failure("{\"instances\": [[1,2,3]]} trailing"));
    }

    @Test
    void rejectsMissingOrEmptyInstances() {
        assertEquals(ErrorKind.MISSING_INSTANCES, failure("{\"inputs\": [[1,2,3]]}"));
        assertEquals(ErrorKind.MISSING_INSTANCES, failure("{\"instances\": []}"));
        assertEquals(ErrorKind.MISSING_INSTANCES, failure("{\"instances\": {\"age\": 1}}"));
    }

    @Test
    void rejectsWrongFeatureCountNamingTheModelsFeatures() {
        ApiException e = assertThrows(ApiException.class, () -> read("{\"instances\": [[1,2]]}"));
        assertEquals(ErrorKind.WRONG_FEATURE_COUNT, e.kind());
        assertTrue(e.getMessage().contains("[age, income, tenure]"), e.getMessage());
        assertEquals(ErrorKind.WRONG_FEATURE_COUNT, failure("{\"instances\": [[1,2,3,4]]}"));
    }

    @Test
    void rejectsUnknownAndMissingFeatureNames() {
        assertEquals(ErrorKind.UNKNOWN_FEATURE, failure("{\"instances\": [{\"age\":1,\"income\":2,\"height\":3}]}"));
        assertEquals(ErrorKind.MISSING_FEATURE, failure("{\"instances\": [{\"age\":1,\"income\":2}]}"));
        assertEquals(ErrorKind.MALFORMED_JSON, failure("{\"instances\": [{\"age\":1,\"age\":2,\"income\":2}]}"));
    }

    @Test
    void rejectsNonNumericValues() {
        assertEquals(ErrorKind.NON_NUMERIC, failure("{\"instances\": [[1,\"2\",3]]}"));
        assertEquals(ErrorKind.NON_NUMERIC, failure("{\"instances\": [[1,null,3]]}"));
        assertEquals(ErrorKind.NON_NUMERIC, failure("{\"instances\": [[1,true,3]]}"));
        assertEquals(ErrorKind.NON_NUMERIC, failure("{\"instances\": [[1,[2],3]]}"));
    }

    @Test
    void rejectsNanInfinityAndValuesBeyondFloatRange() {
        assertEquals(ErrorKind.NOT_FINITE, failure("{\"instances\": [[1,NaN,3]]}"));
        assertEquals(ErrorKind.NOT_FINITE, failure("{\"instances\": [[1,Infinity,3]]}"));
        assertEquals(ErrorKind.NOT_FINITE, failure("{\"instances\": [[1,-Infinity,3]]}"));
        assertEquals(ErrorKind.NOT_FINITE, failure("{\"instances\": [[1,1e39,3]]}"));
    }

    @Test
    void rejectsMoreInstancesThanTheCap() {
        assertEquals(3, read("{\"instances\": [[1,2,3],[1,2,3],[1,2,3]]}").rows());
        assertEquals(ErrorKind.TOO_MANY_INSTANCES, failure("{\"instances\": [[1,2,3],[1,2,3],[1,2,3],[1,2,3]]}"));
    }

    @Test
    void supportsModelsWithMoreThanSixtyFourFeatures() {
        List<String> names = java.util.stream.IntStream.range(0, 70).mapToObj(i -> "f" + i).toList();
        InstanceReader wide = new InstanceReader(names, 10);
        StringBuilder sb = new StringBuilder("{\"instances\": [{");
        for (int i = 69; i >= 0; i--) {
            sb.append('"').append("f").append(i).append("\":").append(i).append(i > 0 ? "," : "");
        }
        ParsedRequest b = wide.read(sb.append("}]}").toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(69f, b.values()[69]);
        assertEquals(ErrorKind.MISSING_FEATURE, assertThrows(ApiException.class,
                () -> wide.read("{\"instances\": [{\"f0\": 1}]}".getBytes(StandardCharsets.UTF_8))).kind());
    }

    private String message(String json) {
        return message(json.getBytes(StandardCharsets.UTF_8));
    }

    private String message(byte[] body) {
        ApiException e = assertThrows(ApiException.class, () -> reader.read(body));
        assertEquals(400, e.status(), e.getMessage());
        CallerMessages.assertInVigilsWords(e.getMessage());
        return e.getMessage();
    }

    private void assertMessageContains(String json, String fragment) {
        String m = message(json);
        assertTrue(m.contains(fragment), m);
    }

    @Test
    void nestingBeyondTheLimitIsRefusedInVigilsWordsWithTheLimit() {
        int depth = InstanceReader.MAX_NESTING_DEPTH + 1;
        String deep = "[".repeat(depth - 1) + "]".repeat(depth - 1);
        String m = message("{\"meta\": " + deep + ", \"instances\": [[1,2,3]]}");
        assertTrue(m.contains("at most " + InstanceReader.MAX_NESTING_DEPTH), m);
        assertTrue(m.contains("line 1, column "), m);
        String inInstance = "{\"instances\": [[1," + "[".repeat(depth) + "]".repeat(depth) + ",3]]}";
        assertTrue(message(inInstance).contains("nested"), message(inInstance));
        int allowed = InstanceReader.MAX_NESTING_DEPTH - 1;
        assertEquals(1, read("{\"meta\": " + "[".repeat(allowed) + "]".repeat(allowed) + ", \"instances\": [[1,2,3]]}")
                .rows());
    }

    @Test
    void namesLongerThanTheLimitAreRefusedInVigilsWordsWithTheLimit() {
        String longName = "k".repeat(InstanceReader.MAX_NAME_LENGTH + 1);
        for (String json : List.of("{\"" + longName + "\": 1, \"instances\": [[1,2,3]]}",
                "{\"meta\": {\"" + longName + "\": 1}, \"instances\": [[1,2,3]]}",
                "{\"instances\": [{\"" + longName + "\": 1}]}")) {
            String m = message(json);
            assertTrue(m.contains("at most " + InstanceReader.MAX_NAME_LENGTH), m);
            assertTrue(m.length() < 300, "the message must not echo the whole name: " + m.length() + " chars");
        }
    }

    @Test
    void numbersLongerThanTheLimitAreRefusedInVigilsWordsWithTheLimit() {
        String digits = "1".repeat(InstanceReader.MAX_NUMBER_LENGTH + 1);
        String m = message("{\"instances\": [[1," + digits + ",3]]}");
        assertTrue(m.contains("instance 0, feature \"income\""), m);
        assertTrue(m.contains("at most " + InstanceReader.MAX_NUMBER_LENGTH), m);
        assertTrue(message("{\"instances\": [[1,0." + digits + ",3]]}").contains("income"));
        assertEquals(1, read("{\"skipped\": " + digits + ", \"instances\": [[1,2,3]]}").rows(),
                "a number Vigil never reads is not converted, so its length does not matter");
    }

    @Test
    void truncatedAndInvalidJsonIsDescribedWithoutParserInternals() {
        assertMessageContains("{\"instances\": [[1,2,3]", "ends before");
        assertMessageContains("{\"instances\": [[1,2,", "ends before");
        assertMessageContains("{\"instances\"", "ends before");
        assertMessageContains("{\"instances\": [[1,2,3]]} trailing", "line 1");
        assertMessageContains("{\"instances\": [[1,2,3}]}", "line 1, column ");
        assertMessageContains("{\"instances\": [[1,2,\n 3x]]}", "line 2");
        message("{'instances': [[1,2,3]]}");
        message("{\"instances\": [[1,2,3]], }");
        message("{\"instances\": [[01,2,3]]}");
        message("{\"instances\": [[1,2,3]]}{}");
        message("{\"instances\": [[\"\u0001\",2,3]]}");
        message(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        message(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0});
    }

    @Test
    void echoedFeatureNamesAndStringsAreAbbreviated() {
        String name = "x".repeat(5_000);
        assertTrue(message("{\"instances\": [{\"" + name + "\": 1}]}").length() < 300);
        assertTrue(message("{\"instances\": [[1,\"" + name + "\",3]]}").length() < 300);
    }
}
