package org.ganlab.experiments.tricks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ganlab.experiments.config.Options;
import org.ganlab.experiments.step.DiscriminatorUpdate;
import org.ganlab.experiments.step.Draws;
import org.ganlab.experiments.step.StepPlan;
import org.ganlab.experiments.step.Trick;
import org.ganlab.nn.Module;

/**
 * The unrolled GAN (Metz, Poole, Pfau and Sohl-Dickstein 2017): G's loss is taken through D after
 * {@code k} look-ahead steps of D's optimiser (its state, Adam's moments included) on D's loss at
 * the step's real batch and G's samples, and differentiated through those steps, so that G sees how
 * D would answer its move. D's real update stays the ordinary one. The step does the look-ahead
 * ({@link StepPlan#lookAhead}); this trick asks for it and refuses steps whose D step a look-ahead
 * cannot repeat. {@code k = 0} is the plain step.
 */
public final class Unrolled implements Trick {

    private final int k;
    private final double lr;

    Unrolled(int k, double lr) {
        this.k = k;
        this.lr = lr;
    }

    @Override
    public String name() {
        return "unrolled";
    }

    /** A look-ahead's Adam bias corrections change every step: only the plain step (k = 0) replays. */
    @Override
    public boolean replayable() {
        return k == 0;
    }

    @Override
    public boolean keepsDiscriminatorStep() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("k", k);
        s.put("lr", Double.isNaN(lr) ? "d" : lr);
        return s;
    }

    @Override
    public void configure(StepPlan.Builder plan) {
        if (plan.dUpdate() == DiscriminatorUpdate.SEPARATE) {
            throw new IllegalArgumentException("--trick unrolled needs one D update on real and fake examples together; "
                    + "this experiment updates D on them separately");
        }
        for (Trick t : plan.tricks()) {
            if (!t.keepsDiscriminatorStep()) {
                throw new IllegalArgumentException("--trick unrolled cannot be combined with --trick " + t.name()
                        + ": it changes D's step (its inputs, loss, forward pass or update), which the look-ahead "
                        + "would not repeat");
            }
        }
        plan.lookAhead(new StepPlan.LookAhead(k, lr));
    }

    /** D's running statistics would move with every look-ahead pass. */
    @Override
    public void attach(Module d, Module g, Draws draws) {
        if (k > 0 && !d.namedBuffers().isEmpty()) {
            throw new IllegalArgumentException("--trick unrolled needs a D without batch norm: its look-ahead passes "
                    + "would update D's running statistics " + d.namedBuffers().keySet());
        }
    }

    /** {@code unrolled:k=5,lr=d}. */
    public static final class Factory implements TrickFactory {
        @Override
        public String name() {
            return "unrolled";
        }

        @Override
        public String description() {
            return "Metz et al.: G's loss through k look-ahead steps of D's optimiser, differentiated through "
                    + "(lr: the look-ahead's, d for D's own)";
        }

        @Override
        public Map<String, String> defaults() {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("k", "5");
            d.put("lr", "d");
            return d;
        }

        @Override
        public Trick create(Options o) {
            return new Unrolled(o.wholeNumber("k", 0, 100), "d".equals(o.text("lr")) ? Double.NaN : o.number("lr", 0, 10));
        }
    }
}
