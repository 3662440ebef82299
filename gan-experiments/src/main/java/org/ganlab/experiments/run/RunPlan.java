package org.ganlab.experiments.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ganlab.experiments.config.Flag;
import org.ganlab.experiments.config.OptimizerSpec;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.config.RunConfig;
import org.ganlab.experiments.losses.GanLoss;
import org.ganlab.experiments.losses.GanLosses;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.experiments.tricks.Tricks;

/**
 * A run's config resolved once, before anything is written, by {@link #of}: the experiment's options
 * over their defaults, the tricks, both optimisers as the flags ask for them, the training step as
 * the tricks make it, and the one map of settings that params.json, the report, sweeps, checkpoints
 * and MLflow all show. A config that cannot run is refused there, with one line naming the flag and
 * what is allowed; everything after reads the plan and re-derives nothing.
 *
 * @param dOptimizer D's optimiser as the flags ask for it (the step's own, after tricks, is {@code step.dOptimizer()})
 * @param step the GAN training step, or null for an experiment that does not train through one
 * @param settings every flag of the experiment that changes what it computes, by its key, implied
 *     defaults resolved, then the experiment's own options
 */
public record RunPlan(Experiment experiment, RunConfig config, Options options, List<Trick> tricks,
        OptimizerSpec dOptimizer, OptimizerSpec gOptimizer, StepPlan step, Map<String, Object> settings) {

    public RunPlan {
        tricks = List.copyOf(tricks);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * The plan of a config, or an IllegalArgumentException saying what cannot run: an unknown loss or
     * trick, a bad option, optimiser settings that do not apply, a loss or trick that cannot work with
     * the experiment's networks, order or other tricks.
     *
     * @param catalog the tricks found on the classpath
     */
    public static RunPlan of(Experiment e, RunConfig c, Tricks catalog) {
        RunPlan plan = settingsOnly(e, c, catalog);
        e.checkInputs(plan.options());
        return plan;
    }

    /** As {@link #of}, without reading the files a run would (for help texts that must work without them). */
    private static RunPlan settingsOnly(Experiment e, RunConfig c, Tricks catalog) {
        GanLoss loss = e.flags().contains(Flag.LOSS) || e.gan() != null ? GanLosses.get(c.loss()) : null;
        List<Trick> tricks = catalog.create(c.tricks());
        Map<String, String> defaults = new LinkedHashMap<>();
        e.options().forEach(o -> defaults.put(o.name(), o.defaultValue()));
        Options options = new Options(null, defaults, c.options());
        if (e.flags().contains(Flag.BATCH)) { // every batch holds real examples, latents, fakes and D's outputs
            Sizes.requireHeap(e, c, 4.0 * c.batch());
        }
        e.validate(options, c);
        OptimizerSpec d = OptimizerSpec.of(c.optimizer(), c.lrD(), c.beta1(), c.beta2());
        OptimizerSpec g = OptimizerSpec.of(c.optimizer(), c.lrG(), c.beta1(), c.beta2());
        StepPlan step = null;
        if (e.gan() != null) {
            step = StepPlan.of(e.gan(), loss, c.loss(), c.order(), c.dSteps(), d, g, tricks);
            if (step.packing() > 1 && !e.gan().packedInputs()) {
                throw new IllegalArgumentException("--trick packing: " + e.name() + " builds D for one sample per input; "
                        + "packing needs an experiment that sizes D's input for it, such as ring or grid");
            }
            e.validateStep(options, step, tricks);
            if (step.packing() > 1 && c.batch() % step.packing() != 0) {
                throw new IllegalArgumentException("--batch " + c.batch() + " must be a multiple of packing's m = "
                        + step.packing());
            }
        } else if (!tricks.isEmpty()) {
            throw new IllegalArgumentException("--trick: " + e.name() + " does not train through the GAN step that "
                    + "tricks hook into");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("experiment", e.name());
        for (Flag f : Flag.values()) {
            // --lr is shorthand for --lr-d and --lr-g where those exist; they are recorded instead
            boolean shorthand = f == Flag.LR && e.flags().contains(Flag.LR_D);
            if (e.flags().contains(f) && f.isSetting() && !shorthand) {
                settings.put(f.key(), f.value(c, d));
            }
        }
        settings.putAll(options.values());
        return new RunPlan(e, c, options, tricks, d, g, step, settings);
    }

    /**
     * The loss names (aliases included) the experiment accepts with its other defaults: the ones
     * {@link #of} lets through, so {@code --help} lists no loss the run would then refuse.
     */
    public static List<String> acceptedLosses(Experiment e, Tricks catalog) {
        List<String> accepted = new ArrayList<>();
        for (GanLoss loss : GanLosses.all()) {
            for (String name : loss.names()) { // an experiment may take a loss under one of its names only
                RunConfig.Builder b = e.defaults().toBuilder();
                b.loss = name;
                b.tricks = List.of();
                try {
                    settingsOnly(e, b.build(), catalog);
                    accepted.add(name);
                } catch (IllegalArgumentException refused) {
                    // not for this experiment
                }
            }
        }
        return accepted;
    }

    /** How many samples D judges as one input (PacGAN's packing): 1 without it. */
    public int packing() {
        return step == null ? 1 : step.packing();
    }

    /** D's optimiser as training builds it: after the tricks for a GAN step, else as the flags ask. */
    public OptimizerSpec trainedDOptimizer() {
        return step == null ? dOptimizer : step.dOptimizer();
    }
}
