package org.ganlab.experiments.step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training step recorded: its (last) D step and G's loss.
 *
 * @param d the last D step of the training step
 * @param g G's loss
 */
public record StepLosses(DStep d, float g) {

    /**
     * One D step, as recorded.
     *
     * @param realLoss D's loss on real examples (weighted)
     * @param fakeLoss D's loss on fakes (weighted; the mean over fake batches)
     * @param penalty the tricks' penalties, or null when no trick adds one
     * @param loss D's loss: real + fake + penalty; for separate updates the mean of the two parts
     * @param onReal the mean of D's output on the real batch (DCGAN's D(x))
     * @param onFake the mean of D's output on the fakes (DCGAN's D(G(z)))
     */
    public record DStep(float realLoss, float fakeLoss, Float penalty, float loss, float onReal, float onFake) {
    }

    /** The step's metrics, in the order they are recorded; an experiment adds its own after them. */
    public Map<String, Float> metrics() {
        Map<String, Float> m = new LinkedHashMap<>();
        m.put("d_loss_real", d.realLoss());
        m.put("d_loss_fake", d.fakeLoss());
        m.put("d_loss", d.loss());
        m.put("g_loss", g);
        if (d.penalty() != null) {
            m.put("d_penalty", d.penalty());
        }
        m.put("d_on_real", d.onReal());
        m.put("d_on_fake", d.onFake());
        return m;
    }
}
