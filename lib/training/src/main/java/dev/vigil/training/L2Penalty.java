package dev.vigil.training;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Tensor;

/**
 * Adds an L2 penalty to another Tribuo optimiser: before each step, {@code l2 · w} is taken off the gradient of the
 * log-likelihood, which is the gradient of {@code (l2 / 2) · ‖w‖²} (the bias column included). Tribuo 4.3's own L2
 * knob, in {@code AdaGradRDA}, does not change a linear SGD model at all (checked over 0 to 100), hence this.
 */
final class L2Penalty implements StochasticGradientOptimiser {
    @Config(mandatory = true, description = "The optimiser the penalised gradients go to.")
    private StochasticGradientOptimiser optimiser;

    @Config(mandatory = true, description = "The L2 penalty.")
    private double l2;

    private Parameters parameters;

    /** For OLCUT's configuration system. */
    private L2Penalty() {}

    L2Penalty(StochasticGradientOptimiser optimiser, double l2) {
        this.optimiser = optimiser;
        this.l2 = l2;
    }

    @Override
    public void initialise(Parameters params) {
        this.parameters = params;
        optimiser.initialise(params);
    }

    @Override
    public Tensor[] step(Tensor[] updates, double weight) {
        if (l2 > 0) {
            Tensor[] current = parameters.get();
            for (int i = 0; i < updates.length; i++) {
                updates[i].intersectAndAddInPlace(current[i], w -> -l2 * w);
            }
        }
        return optimiser.step(updates, weight);
    }

    @Override
    public void finalise() {
        optimiser.finalise();
    }

    @Override
    public void reset() {
        optimiser.reset();
        parameters = null;
    }

    @Override
    public L2Penalty copy() {
        return new L2Penalty(optimiser.copy(), l2);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
    }

    @Override
    public String toString() {
        return "L2Penalty(l2=" + l2 + "," + optimiser + ")";
    }
}
