package dev.vigil.training;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.VariableIDInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Multinomial logistic regression trained by Tribuo's linear SGD (log loss, AdaGrad, an {@link L2Penalty}) on
 * standardised features, exported through Tribuo's ONNX API. The standardisation (training mean and standard
 * deviation) is written into the graph in front of Tribuo's own, so the exported model takes raw feature values in
 * manifest order and outputs probabilities in manifest label order: what {@code output.format = probabilities}
 * expects.
 */
public final class LogisticRegressionTrainer implements Trainer {
    /** Tribuo logs every SGD epoch through java.util.logging; the runner prints its own progress instead. */
    private static final Logger TRIBUO_LOGS = Logger.getLogger("org.tribuo");
    private static final double EPSILON = 1e-6;
    private static final String DOMAIN = "dev.vigil.local";

    static {
        TRIBUO_LOGS.setLevel(Level.WARNING);
    }

    /**
     * Fits one model on {@code rows}.
     *
     * @param seed makes the SGD example order repeatable
     */
    @Override
    public Trained train(LabelledRows rows, Hyperparameters settings, long seed) {
        Standardisation scaling = Standardisation.of(rows);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("vigil labelled rows", factory), factory);
        String[] names = tribuoNames(rows.features().size());
        for (int i = 0; i < rows.size(); i++) {
            dataset.add(new ArrayExample<>(new Label(rows.labels().get(rows.y()[i])), names,
                    scaling.apply(rows.x()[i])));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
                new L2Penalty(new AdaGrad(settings.learningRate(), EPSILON), settings.l2()),
                settings.epochs(), Integer.MAX_VALUE, 1, seed);
        LinearSGDModel model = trainer.train(dataset);
        return new Trained(model, scaling, rows.features(), rows.labels(), names, settings);
    }

    /** Feature names whose sorted order (the order Tribuo assigns feature ids in) is the input order. */
    private static String[] tribuoNames(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = String.format("f%05d", i);
        }
        return names;
    }

    /** Per-feature mean and standard deviation of the training rows (a constant feature gets scale 1). */
    record Standardisation(double[] mean, double[] scale) {
        static Standardisation of(LabelledRows rows) {
            int f = rows.features().size();
            double[] mean = new double[f];
            double[] scale = new double[f];
            for (double[] row : rows.x()) {
                for (int j = 0; j < f; j++) {
                    mean[j] += row[j] / rows.size();
                }
            }
            for (double[] row : rows.x()) {
                for (int j = 0; j < f; j++) {
                    scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.size();
                }
            }
            for (int j = 0; j < f; j++) {
                double sd = Math.sqrt(scale[j]);
                scale[j] = sd > 1e-12 ? 1.0 / sd : 1.0;
            }
            return new Standardisation(mean, scale);
        }

        double[] apply(double[] row) {
            double[] out = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[j] = (row[j] - mean[j]) * scale[j];
            }
            return out;
        }
    }

    /** A fitted model with what it needs to predict on raw rows and to be exported. */
    public static final class Trained {
        private final LinearSGDModel model;
        private final Standardisation scaling;
        private final List<String> features;
        private final List<String> labels;
        private final String[] names;
        private final Hyperparameters settings;

        Trained(LinearSGDModel model, Standardisation scaling, List<String> features, List<String> labels,
                String[] names, Hyperparameters settings) {
            this.model = model;
            this.scaling = scaling;
            this.features = features;
            this.labels = labels;
            this.names = names;
            this.settings = settings;
            ImmutableFeatureMap ids = model.getFeatureIDMap();
            for (int i = 0; i < names.length; i++) {
                VariableInfo info = ids.get(names[i]);
                if (!(info instanceof VariableIDInfo id) || id.getID() != i) {
                    throw new IllegalStateException("Tribuo did not number feature " + features.get(i) + " as input "
                            + i + " (constant in training?)");
                }
            }
        }

        public Hyperparameters settings() {
            return settings;
        }

        /** Class probabilities of each row, in label order, as Tribuo computes them. */
        public double[][] probabilities(LabelledRows rows) {
            List<Example<Label>> examples = new ArrayList<>(rows.size());
            for (double[] row : rows.x()) {
                examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, scaling.apply(row)));
            }
            List<Prediction<Label>> predictions = model.predict(examples);
            double[][] out = new double[rows.size()][labels.size()];
            for (int i = 0; i < out.length; i++) {
                Map<String, Label> scores = predictions.get(i).getOutputScores();
                for (int c = 0; c < labels.size(); c++) {
                    Label score = scores.get(labels.get(c));
                    out[i][c] = score == null ? 0.0 : score.getScore();
                }
            }
            return out;
        }

        /**
         * The model as ONNX: input {@code input} float [N, F] of raw values, then Sub(mean), Mul(1/sd), Tribuo's
         * Gemm + Softmax, and (when Tribuo numbered the labels differently) a Gather into manifest label order,
         * giving output {@code probabilities} float [N, C].
         */
        public byte[] onnx() {
            ONNXContext context = new ONNXContext();
            context.setName("vigil-logistic-regression");
            ONNXPlaceholder input = context.floatInput("input", features.size());
            ONNXPlaceholder output = context.floatOutput("probabilities", labels.size());
            ONNXNode scaled = input.apply(ONNXOperators.SUB, context.array("feature_mean", toFloats(scaling.mean())))
                    .apply(ONNXOperators.MUL, context.array("feature_scale", toFloats(scaling.scale())));
            ONNXNode probabilities = model.writeONNXGraph(scaled);
            long[] order = tribuoOrder();
            if (!isIdentity(order)) {
                probabilities = probabilities.apply(ONNXOperators.GATHER, context.array("label_order", order),
                        Map.of("axis", 1));
            }
            probabilities.assignTo(output);
            OnnxMl.ModelProto proto = ONNXExportable.buildModel(context, DOMAIN, 1L, model);
            return proto.toByteArray();
        }

        /** For each manifest label, the column Tribuo's output gives it in. */
        private long[] tribuoOrder() {
            long[] order = new long[labels.size()];
            for (int c = 0; c < labels.size(); c++) {
                int id = model.getOutputIDInfo().getID(new Label(labels.get(c)));
                if (id < 0) {
                    throw new IllegalStateException("label '" + labels.get(c) + "' never occurs in the training rows");
                }
                order[c] = id;
            }
            return order;
        }

        private static boolean isIdentity(long[] order) {
            for (int i = 0; i < order.length; i++) {
                if (order[i] != i) {
                    return false;
                }
            }
            return true;
        }

        private static float[] toFloats(double[] values) {
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }
    }
}
