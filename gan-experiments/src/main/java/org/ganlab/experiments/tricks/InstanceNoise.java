package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;
import org.ganlab.tensor.Tensor;

/**
 * Instance noise (Sønderby et al. 2017; Arjovsky and Bottou 2017): Gaussian noise N(0, σ²) added to
 * every input D sees, real and fake, in D's steps and in G's, so that the two distributions
 * overlap. With {@code anneal} N > 0, σ falls linearly to 0 over the first N steps.
 */
public final class InstanceNoise implements Trick {

    private final float sigma;
    private final int anneal;
    private Draws draws;

    InstanceNoise(float sigma, int anneal) {
        this.sigma = sigma;
        this.anneal = anneal;
    }

    @Override
    public String name() {
        return "instance-noise";
    }

    /** An annealed σ changes every step, so only constant noise is replayed. */
    @Override
    public boolean replayable() {
        return anneal == 0;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("sigma", sigma, "anneal", anneal);
    }

    @Override
    public void attach(Module d, Module g, Draws draws) {
        this.draws = draws;
    }

    /** σ at a step (counted from 0): constant, or annealed linearly to 0 over {@code anneal} steps. */
    float sigma(int step) {
        return anneal == 0 ? sigma : (float) (sigma * Math.max(0.0, 1.0 - (double) step / anneal));
    }

    @Override
    public Tensor discriminatorInput(Tensor x, Input which, int step) {
        float s = sigma(step);
        return s == 0f ? x : x.add(draws.normal(which.noisePurpose(), s, x.shape()));
    }

    /** {@code instance-noise:sigma=0.1,anneal=0}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "instance-noise";
        }

        @Override
        public String description() {
            return "N(0, sigma^2) noise on every input D sees, real and fake; anneal N > 0: sigma to 0 over N steps";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("sigma", "0.1");
            d.put("anneal", "0");
            return d;
        }

        @Override
        public Trick create(Options o) {
            return new InstanceNoise((float) o.number("sigma", 0, 1e6), o.wholeNumber("anneal", 0));
        }
    }
}
