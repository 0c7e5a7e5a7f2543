package dev.vigil.testkit.onnx;

import java.util.List;

/**
 * The trees of an ai.onnx.ml TreeEnsembleClassifier/Regressor: the prediction for target k is
 * {@code baseValues[k] + Σ over trees of the reached leaf's values[k]} (aggregate SUM, no post-transform).
 *
 * @param trees the trees
 * @param targets number of classes (classifier) or regression targets
 * @param baseValues per-target constant added to the sum
 */
public record TreeEnsembleWeights(List<Tree> trees, int targets, float[] baseValues) {
    public TreeEnsembleWeights {
        trees = List.copyOf(trees);
    }

    /**
     * One binary tree; node 0 is the root. A node is a leaf when {@code feature[i] < 0}; otherwise a row goes to
     * {@code trueChild[i]} when {@code x[feature[i]] <= threshold[i]} (mode BRANCH_LEQ), else to {@code falseChild[i]}.
     *
     * @param leafValues per node, the per-target values of a leaf (null for branch nodes)
     */
    public record Tree(int[] feature, float[] threshold, int[] trueChild, int[] falseChild, float[][] leafValues) {
        public int size() {
            return feature.length;
        }

        public boolean isLeaf(int node) {
            return feature[node] < 0;
        }
    }
}
