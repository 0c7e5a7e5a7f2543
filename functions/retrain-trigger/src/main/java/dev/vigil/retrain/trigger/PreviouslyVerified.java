package dev.vigil.retrain.trigger;

import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ModelVerifier;

/**
 * The verifier of the retrain-trigger's registry, which only rolls back: the version a rollback returns to was
 * verified (loaded by ONNX Runtime, inputs and outputs checked) when it was promoted, and the registry checks before
 * the move that its artifact still has the SHA-256 its manifest and the pointer's history recorded then. So the
 * trigger carries no ONNX Runtime, and must never promote with this verifier.
 */
final class PreviouslyVerified implements ModelVerifier {
    @Override
    public void verify(ModelManifest manifest, byte[] artifact) {
        // Verified at its promotion; its bytes are checked against the recorded digests by the registry.
    }
}
