package org.ganlab.experiments.tricks;

import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.tensor.Tensor;

/**
 * PacGAN's packing (Lin et al. 2018): D judges {@code m} samples at once, side by side in one input
 * {@code m} times as wide, so a generator that repeats itself is easier to catch. Consecutive rows of
 * each batch D sees (real, fake, G's samples in G's step) are packed: a batch of B samples becomes
 * B/m packed inputs. PacGAN keeps B packed inputs per step (m·B samples): give {@code --batch m·B}
 * for that. The experiment must build D for packed inputs ({@code RunContext.discriminatorInputWidth});
 * {@code ring} and {@code grid} do, and the batch must be a multiple of m: both are checked before a
 * run starts.
 */
public final class Packing implements Trick {

    private final int m;

    Packing(int m) {
        this.m = m;
    }

    @Override
    public String name() {
        return "packing";
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("m", m);
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        plan.pack(m);
    }

    /** {@code [B, d] → [B/m, m·d]}: row i of the result is samples i·m … i·m + m − 1. */
    @Override
    public Tensor discriminatorInput(Tensor x, Input which, int step) {
        return x.reshape(x.size(0) / m, m * x.size(1));
    }

    /** {@code packing:m=2}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "packing";
        }

        @Override
        public String description() {
            return "PacGAN: D sees m samples side by side (batch B -> B/m inputs; --batch m*B keeps B); ring, grid, fashion-mlp";
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of("m", "2");
        }

        @Override
        public Trick create(Options o) {
            return new Packing(o.wholeNumber("m", 1));
        }
    }
}
