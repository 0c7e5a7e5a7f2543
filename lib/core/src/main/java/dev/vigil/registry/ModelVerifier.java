package dev.vigil.registry;

import dev.vigil.model.ModelManifest;

/** Checks that an ONNX artifact really is the model its manifest describes (loads, inputs and outputs agree). */
public interface ModelVerifier {

    /**
     * Returns normally when {@code artifact} loads and its inputs and outputs agree with {@code manifest}.
     *
     * @throws ModelRejectedException naming what does not agree
     */
    void verify(ModelManifest manifest, byte[] artifact);
}
