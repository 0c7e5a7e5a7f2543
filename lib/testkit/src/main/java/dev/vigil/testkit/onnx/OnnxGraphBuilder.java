package dev.vigil.testkit.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an ONNX model with the protobuf classes, the way exporters do: IR version 8, default opset 17 and
 * {@code ai.onnx.ml} opset 3 (what ONNX 1.12-era skl2onnx and torch.onnx emit). Dimensions given as a
 * {@link String} are symbolic (dynamic), as a number fixed.
 */
public final class OnnxGraphBuilder {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    public static final long ML_OPSET = 3;
    public static final String ML_DOMAIN = "ai.onnx.ml";
    /** The symbolic batch dimension every test model's input and outputs use. */
    public static final String BATCH = "N";

    private final GraphProto.Builder graph;
    private final String producer;
    private int nodes;

    public OnnxGraphBuilder(String graphName, String producer) {
        this.graph = GraphProto.newBuilder().setName(graphName);
        this.producer = producer;
    }

    /** Declares the float input {@code [N, features]} with a dynamic batch dimension. */
    public OnnxGraphBuilder floatInput(String name, int features) {
        graph.addInput(tensorValue(name, DataType.FLOAT, BATCH, (long) features));
        return this;
    }

    /** Declares an input of any element type and shape. */
    public OnnxGraphBuilder input(String name, DataType type, Object... dims) {
        graph.addInput(tensorValue(name, type, dims));
        return this;
    }

    /** Declares a tensor output. */
    public OnnxGraphBuilder output(String name, DataType type, Object... dims) {
        graph.addOutput(tensorValue(name, type, dims));
        return this;
    }

    /**
     * Declares a ZipMap-style output: a sequence of maps from class label ({@code INT64} or {@code STRING}) to float.
     */
    public OnnxGraphBuilder sequenceOfMapsOutput(String name, DataType keyType) {
        TypeProto floatTensor = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT_VALUE)).build();
        TypeProto map = TypeProto.newBuilder()
                .setMapType(TypeProto.Map.newBuilder().setKeyType(keyType.getNumber()).setValueType(floatTensor))
                .build();
        graph.addOutput(ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder().setElemType(map))));
        return this;
    }

    /** Adds a float constant, stored as little-endian raw data (as exporters store weights). */
    public OnnxGraphBuilder initializer(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return this;
    }

    /** Adds an int64 constant (shapes, axes). */
    public OnnxGraphBuilder initializer(String name, long[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE);
        for (long v : values) {
            t.addInt64Data(v);
        }
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return this;
    }

    /** Adds an operator from the default ONNX domain. */
    public OnnxGraphBuilder node(
            String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        return node("", opType, inputs, outputs, attributes);
    }

    /** Adds an operator from the {@code ai.onnx.ml} domain (the traditional-ML operators skl2onnx emits). */
    public OnnxGraphBuilder mlNode(
            String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        return node(ML_DOMAIN, opType, inputs, outputs, attributes);
    }

    private OnnxGraphBuilder node(String domain, String opType, List<String> inputs, List<String> outputs,
            AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setName(opType + "_" + nodes++).setOpType(opType).setDomain(domain)
                .addAllInput(inputs).addAllOutput(outputs).addAllAttribute(List.of(attributes)));
        return this;
    }

    /** The serialised model, as an exporter would write it to {@code model.onnx}. */
    public byte[] toBytes() {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producer)
                .setProducerVersion("vigil-testkit")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto floats(String name, float... values) {
        AttributeProto.Builder a =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            a.addFloats(v);
        }
        return a.build();
    }

    public static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder a =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        }
        return a.build();
    }

    private static ValueInfoProto tensorValue(String name, DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String symbol) {
                dim.setDimParam(symbol);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }
}
