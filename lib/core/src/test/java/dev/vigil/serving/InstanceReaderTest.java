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

    private InstanceBatch read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private ErrorKind failure(String json) {
        return assertThrows(ApiException.class, () -> read(json)).kind();
    }

    @Test
    void readsPositionalInstancesInOrder() {
        InstanceBatch b = read("{\"instances\": [[1, 2.5, -3], [4e0, 5, 6]]}");
        assertEquals(2, b.rows());
        assertEquals(3, b.width());
        assertArrayEquals(new float[] {1, 2.5f, -3, 4, 5, 6}, Arrays.copyOf(b.values(), 6));
    }

    @Test
    void readsKeyedInstancesIntoFeatureOrderWhateverTheKeyOrder() {
        InstanceBatch b = read("{\"instances\": [{\"tenure\": 3, \"age\": 1, \"income\": 2}]}");
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
        InstanceBatch b = wide.read(sb.append("}]}").toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(69f, b.values()[69]);
        assertEquals(ErrorKind.MISSING_FEATURE, assertThrows(ApiException.class,
                () -> wide.read("{\"instances\": [{\"f0\": 1}]}".getBytes(StandardCharsets.UTF_8))).kind());
    }
}
