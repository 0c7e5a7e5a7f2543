package dev.vigil.onnx;

import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.MlpWeights;
import dev.vigil.testkit.onnx.TreeEnsembleWeights;

/** Expected model outputs computed in plain Java from the weights a test model was built from. */
final class Reference {
    private Reference() {}

    static double[] linear(LinearWeights w, float[] x) {
        double[] scores = new double[w.targets()];
        for (int j = 0; j < w.targets(); j++) {
            double s = w.intercepts()[j];
            for (int i = 0; i < x.length; i++) {
                s += (double) w.coefficients()[j][i] * x[i];
            }
            scores[j] = s;
        }
        return scores;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Positive-class probability of a binary logistic model given as one row {@code w}. */
    static double[] binaryLogistic(LinearWeights w, float[] x) {
        double p = sigmoid(linear(w, x)[0]);
        return new double[] {1 - p, p};
    }

    static double[] mlp(MlpWeights weights, float[] x) {
        float[] activations = x;
        double[] scores = null;
        for (int l = 0; l < weights.layers().size(); l++) {
            scores = linear(weights.layers().get(l), activations);
            if (l < weights.layers().size() - 1) {
                activations = new float[scores.length];
                for (int i = 0; i < scores.length; i++) {
                    activations[i] = (float) Math.max(0.0, scores[i]);
                }
            }
        }
        return softmax(scores);
    }

    /** Per-target sum of the reached leaves plus the base values (aggregate SUM, no post-transform). */
    static double[] trees(TreeEnsembleWeights ensemble, float[] x) {
        double[] sums = new double[ensemble.targets()];
        for (int k = 0; k < sums.length; k++) {
            sums[k] = ensemble.baseValues()[k];
        }
        for (TreeEnsembleWeights.Tree tree : ensemble.trees()) {
            int node = 0;
            while (!tree.isLeaf(node)) {
                node = x[tree.feature()[node]] <= tree.threshold()[node] ? tree.trueChild()[node]
                        : tree.falseChild()[node];
            }
            for (int k = 0; k < sums.length; k++) {
                sums[k] += tree.leafValues()[node][k];
            }
        }
        return sums;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
