package dev.vigil.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.List;
import java.util.stream.LongStream;

/**
 * One graph input or output as ONNX Runtime reports it.
 *
 * @param name the value's name in the graph
 * @param kind tensor, ZipMap-style sequence of maps, or something Vigil does not read
 * @param elementType tensor element type or map value type ({@code FLOAT}, {@code INT64}, {@code STRING}, ...)
 * @param keyType map key type for {@link Kind#SEQUENCE_OF_MAPS} and {@link Kind#MAP}, else null
 * @param shape tensor dimensions, {@code -1} where dynamic; empty for non-tensors
 */
public record ValueSpec(String name, Kind kind, String elementType, String keyType, List<Long> shape) {
    /** What sort of value it is. */
    public enum Kind { TENSOR, SEQUENCE_OF_MAPS, MAP, SEQUENCE, OTHER }

    /** A dimension value meaning "any size" (a symbolic or unknown dimension). */
    public static final long DYNAMIC = -1;

    public ValueSpec {
        shape = List.copyOf(shape);
    }

    static ValueSpec of(NodeInfo node) {
        ValueInfo info = node.getInfo();
        if (info instanceof TensorInfo t) {
            return new ValueSpec(node.getName(), Kind.TENSOR, t.type.name(), null,
                    LongStream.of(t.getShape()).map(d -> d < 0 ? DYNAMIC : d).boxed().toList());
        }
        if (info instanceof SequenceInfo s) {
            return s.isSequenceOfMaps()
                    ? new ValueSpec(node.getName(), Kind.SEQUENCE_OF_MAPS, s.mapInfo.valueType.name(),
                            s.mapInfo.keyType.name(), List.of())
                    : new ValueSpec(node.getName(), Kind.SEQUENCE, s.sequenceType.name(), null, List.of());
        }
        if (info instanceof MapInfo m) {
            return new ValueSpec(node.getName(), Kind.MAP, m.valueType.name(), m.keyType.name(), List.of());
        }
        return new ValueSpec(node.getName(), Kind.OTHER, null, null, List.of());
    }

    public boolean isTensor() {
        return kind == Kind.TENSOR;
    }

    /** A float or double tensor: something scores or values can be read from. */
    public boolean isRealTensor() {
        return isTensor() && ("FLOAT".equals(elementType) || "DOUBLE".equals(elementType));
    }

    /** An int64 or string tensor: something class labels can be read from. */
    public boolean isLabelTensor() {
        return isTensor() && ("INT64".equals(elementType) || "STRING".equals(elementType));
    }

    public int rank() {
        return shape.size();
    }

    /** Dimension {@code i}, {@link #DYNAMIC} when unknown. */
    public long dim(int i) {
        return shape.get(i);
    }

    /** Human-readable type, e.g. {@code FLOAT[N, 3]} or {@code seq(map(INT64, FLOAT))}. */
    public String describe() {
        return switch (kind) {
            case TENSOR -> elementType + shape.stream().map(d -> d == DYNAMIC ? "?" : d.toString()).toList();
            case SEQUENCE_OF_MAPS -> "seq(map(" + keyType + ", " + elementType + "))";
            case MAP -> "map(" + keyType + ", " + elementType + ")";
            case SEQUENCE -> "seq(" + elementType + ")";
            case OTHER -> "an unsupported value type";
        };
    }
}
