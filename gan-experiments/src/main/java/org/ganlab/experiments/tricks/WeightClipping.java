package org.ganlab.experiments.tricks;

import java.util.Map;
import org.ganlab.autograd.GradMode;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/** The original WGAN's Lipschitz constraint (Arjovsky et al. 2017): every D parameter clamped to ±c after each D step. */
public final class WeightClipping implements Trick {

    private final float c;

    WeightClipping(float c) {
        this.c = c;
    }

    @Override
    public String name() {
        return "weight-clipping";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("c", c);
    }

    @Override
    public void afterUpdate(Player player, Module network) {
        if (player != Player.DISCRIMINATOR) {
            return;
        }
        try (var noGrad = GradMode.noGrad()) {
            for (Tensor p : network.parameters()) {
                p.assign(p.clamp(-c, c));
            }
        }
    }

    /** {@code weight-clipping:c=0.01}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "weight-clipping";
        }

        @Override
        public String description() {
            return "every D parameter clamped to [-c, c] after each D step (WGAN, Arjovsky et al. 2017)";
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("c", "0.01");
        }

        @Override
        public Trick create(Options o) {
            return new WeightClipping((float) o.number("c", 0, 1e6));
        }
    }
}
